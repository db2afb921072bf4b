//! The web app's entry point (built by Trunk for wasm32).
#[cfg(target_arch = "wasm32")]
fn main() {
    baocao::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("baocao-web is the browser app: build it with `trunk build` (see README).");
    std::process::exit(2);
}

/// The page's allocator: blocks of a power of two bytes, each size with a list of the blocks
/// freed, taken again first; new blocks from fresh wasm memory pages. About 4 KB brotli
/// lighter than std's dlmalloc in the page's first load. It may keep up to twice the memory
/// a draft needs (never less), and gives none back: a page holds one report.
///
/// The worker keeps dlmalloc (its .docx writer makes large, varied allocations, and it is
/// not part of the first load).
#[cfg(target_arch = "wasm32")]
mod heap {
    use std::alloc::{GlobalAlloc, Layout};
    use std::cell::UnsafeCell;
    use std::ptr;

    /// Sizes 2^0 … 2^30 bytes (the smallest block used holds a pointer: 8 bytes); nothing
    /// larger, so that no address computation overflows.
    const CLASSES: usize = 31;
    const PAGE: usize = 65_536;
    /// Memory grows by at least this many pages at a time (1 MiB).
    const GROW_PAGES: usize = 16;

    struct Heap {
        /// The first free block of each size (0: none); a free block holds the next one.
        free: [usize; CLASSES],
        /// Where the next new block may start, and the end of the memory taken so far.
        next: usize,
        end: usize,
    }

    struct Blocks(UnsafeCell<Heap>);

    // wasm32 without threads: one caller at a time.
    unsafe impl Sync for Blocks {}

    /// The size class of a layout: log2 of its block size.
    fn class(l: &Layout) -> usize {
        let size = l.size().max(l.align()).max(8);
        (usize::BITS - (size - 1).leading_zeros()) as usize
    }

    unsafe impl GlobalAlloc for Blocks {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            let h = &mut *self.0.get();
            let c = class(&l);
            if c >= CLASSES {
                return ptr::null_mut();
            }
            let head = h.free[c];
            if head != 0 {
                h.free[c] = *(head as *const usize);
                return head as *mut u8;
            }
            let size = 1usize << c;
            // A block is aligned to its size (up to a page's 4 KiB): any layout of its class
            // fits it, whichever took it first.
            let align = size.min(4096);
            let mut start = (h.next + align - 1) & !(align - 1);
            if h.end == 0 || start + size > h.end {
                let top = core::arch::wasm32::memory_size(0) * PAGE;
                if top != h.end {
                    // First use (or memory grown by someone else): start at the top.
                    h.end = top;
                    start = (top + align - 1) & !(align - 1);
                }
                let pages = (start + size - h.end).div_ceil(PAGE).max(GROW_PAGES);
                if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
                    return ptr::null_mut();
                }
                h.end += pages * PAGE;
            }
            h.next = start + size;
            start as *mut u8
        }

        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            let h = &mut *self.0.get();
            let c = class(&l);
            *(p as *mut usize) = h.free[c];
            h.free[c] = p as usize;
        }

        unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
            let new = Layout::from_size_align_unchecked(new_size, l.align());
            if class(&new) == class(&l) {
                return p;
            }
            let q = self.alloc(new);
            if !q.is_null() {
                ptr::copy_nonoverlapping(p, q, l.size().min(new_size));
                self.dealloc(p, l);
            }
            q
        }
    }

    #[global_allocator]
    static HEAP: Blocks = Blocks(UnsafeCell::new(Heap { free: [0; CLASSES], next: 0, end: 0 }));
}
