//! Where a place in a JSON text is: the line of the value at a path such as
//! `steps[3].fields[0].type`, so that a problem in a kind file names its line. A small scanner
//! of JSON's grammar (strings, numbers, literals, arrays, objects), which only walks the text
//! of a file that already parsed; on anything unexpected it gives up and says `None`.

/// One step of a path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path as written in problems: keys joined by `.`, indices in brackets.
pub fn parse_path(at: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in at.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else { break };
            if let Ok(i) = r[..end].parse() {
                out.push(Seg::Index(i));
            }
            rest = &r[end + 1..];
        }
    }
    out
}

/// The line (from 1) where the value at `at` begins in `src`, if the text has it.
pub fn line_of(src: &str, at: &str) -> Option<usize> {
    let path = parse_path(at);
    let mut s = Scanner { b: src.as_bytes(), i: 0, line: 1 };
    s.find(&path)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let start = self.i;
        let mut escaped = false;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => {
                    let raw = std::str::from_utf8(&self.b[start..self.i - 1]).ok()?;
                    return Some(if raw.contains('\\') { serde_json_unescape(raw) } else { raw.to_string() });
                }
                (false, b'\n') => self.line += 1,
                _ => {}
            }
        }
        None
    }

    /// Skip one value.
    fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'[' => {
                self.i += 1;
                if self.eat(b']').is_some() {
                    return Some(());
                }
                loop {
                    self.skip()?;
                    if self.eat(b',').is_none() {
                        return self.eat(b']');
                    }
                }
            }
            b'{' => {
                self.i += 1;
                if self.eat(b'}').is_some() {
                    return Some(());
                }
                loop {
                    self.string()?;
                    self.eat(b':')?;
                    self.skip()?;
                    if self.eat(b',').is_none() {
                        return self.eat(b'}');
                    }
                }
            }
            _ => {
                while let Some(&c) = self.b.get(self.i) {
                    if matches!(c, b',' | b']' | b'}' | b' ' | b'\n' | b'\t' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    /// Walk to the value at `path`; the line where it begins.
    fn find(&mut self, path: &[Seg]) -> Option<usize> {
        let Some((head, rest)) = path.split_first() else {
            self.peek()?;
            return Some(self.line);
        };
        match (self.peek()?, head) {
            (b'{', Seg::Key(k)) => {
                self.i += 1;
                if self.eat(b'}').is_some() {
                    return None;
                }
                loop {
                    let key = self.string()?;
                    self.eat(b':')?;
                    if &key == k {
                        return self.find(rest);
                    }
                    self.skip()?;
                    self.eat(b',')?;
                }
            }
            (b'[', Seg::Index(n)) => {
                self.i += 1;
                for _ in 0..*n {
                    self.skip()?;
                    self.eat(b',')?;
                }
                self.find(rest)
            }
            _ => None,
        }
    }
}

/// Keys with escapes are rare in kind files; good enough to compare them.
fn serde_json_unescape(raw: &str) -> String {
    raw.replace("\\\"", "\"").replace("\\\\", "\\").replace("\\/", "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_a_nested_value() {
        let src = "{\n  \"id\": \"x\",\n  \"steps\": [\n    {\"id\": \"a\"},\n    {\n      \"id\": \"b\",\n      \"fields\": [\n        {\"path\": \"p\", \"type\": \"lines\"}\n      ]\n    }\n  ]\n}\n";
        assert_eq!(line_of(src, "id"), Some(2));
        assert_eq!(line_of(src, "steps[1].id"), Some(6));
        assert_eq!(line_of(src, "steps[1].fields[0].type"), Some(8));
        assert_eq!(line_of(src, "steps[2]"), None);
        assert_eq!(line_of(src, "nope"), None);
        assert_eq!(line_of(src, ""), Some(1));
    }

    #[test]
    fn paths_parse_back() {
        assert_eq!(
            parse_path("steps[3].fields[0].type"),
            vec![
                Seg::Key("steps".into()),
                Seg::Index(3),
                Seg::Key("fields".into()),
                Seg::Index(0),
                Seg::Key("type".into())
            ]
        );
        assert_eq!(parse_path("body[2][1]"), vec![Seg::Key("body".into()), Seg::Index(2), Seg::Index(1)]);
    }
}
