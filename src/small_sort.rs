//! Sorting the few items the app sorts (findings, the drafts list) by insertion: stable, a
//! few dozen bytes of code. Each of std's sorts adds kilobytes to the web page's wasm, and
//! these lists hold tens of items at most.

/// Sort `v` stably so that no item is `less` than one before it.
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by;

    #[test]
    fn sorts_stably() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by(&mut v, |a, b| a.0 < b.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
        let mut e: Vec<u8> = Vec::new();
        sort_by(&mut e, |a, b| a < b);
        assert!(e.is_empty());
    }
}
