//! Small string routines for the page's wasm. The standard library's `join`
//! of a slice of strings is a general, unrolled copy routine compiled once
//! for each element type (about 1 KB each, two of them); its `replace` and
//! `trim_end_matches` are generic over the pattern, so each crate that calls
//! them with a `char` or a `&str` compiles a copy of its own (five and three
//! copies in the page). The page's lists are a few words long and its
//! patterns short strings: a plain loop serves for `join`, one copy of
//! `replace` and of `trim_end` serves every crate, and a plain scan
//! ([`find`]) does for the searches. Slices of a text are taken with
//! `str::get`, never `&s[a..b]`, whose panic inside a character brings the
//! formatting of its message into the page (clippy's `string_slice`, on in
//! the workspace).

/// The parts one after the other, `sep` between each two (what `[S]::join`
/// gives for a separator that is a string).
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

/// Where `needle` first starts in `text` (`str::find` of a string). A
/// plain scan: the standard library's two-way search is built for long
/// texts and long patterns, and is 2 KB of the page's wasm for the page's
/// few short ones.
#[inline(never)]
pub fn find(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// `text` split around the first `sep` (`str::split_once` of a string).
pub fn split_once<'a>(text: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let i = find(text, sep)?;
    Some((text.get(..i)?, text.get(i + sep.len()..)?))
}

/// `text` with every `from` replaced by `to` (`str::replace` of a string:
/// an empty `from` matches before every character and at the end).
#[inline(never)]
pub fn replace(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if from.is_empty() {
        for c in text.chars() {
            out.push_str(to);
            out.push(c);
        }
        out.push_str(to);
        return out;
    }
    let mut rest = text;
    while let Some(i) = find(rest, from) {
        out.push_str(rest.get(..i).unwrap_or(""));
        out.push_str(to);
        rest = rest.get(i + from.len()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// `text` without any number of `suffix` at its end
/// (`str::trim_end_matches` of a string, one copy for every crate).
#[inline(never)]
pub fn trim_end<'a>(mut text: &'a str, suffix: &str) -> &'a str {
    if suffix.is_empty() {
        return text;
    }
    while let Some(rest) = text.strip_suffix(suffix) {
        text = rest;
    }
    text
}

/// Whether `text` is one of `list` (`list.contains(&text)`, one copy for
/// every crate).
#[inline(never)]
pub fn is_one_of(text: &str, list: &[&str]) -> bool {
    list.contains(&text)
}

/// A decimal text without the zeros that end its fraction, nor a point left
/// last (`1.2500` → `1.25`, `100.000` → `100`; not for a text without a point).
pub fn trim_fraction_zeros(text: &str) -> &str {
    trim_end(trim_end(text, "0"), ".")
}

#[cfg(test)]
mod tests {
    use super::{find, is_one_of, join, replace, split_once, trim_end, trim_fraction_zeros};

    #[test]
    fn finds_and_splits_as_the_standard_library_does() {
        let texts = [
            "",
            "a",
            "aaa",
            "abcabc",
            "K⁺ · 5 mM · x",
            "−73.8 mV",
            "ab·",
            "mVmV",
        ];
        let needles = [
            "", "a", "aa", "bc", "abcabcd", " · ", "·", "−", "mV", "⁺", "x",
        ];
        for text in texts {
            for needle in needles {
                assert_eq!(find(text, needle), text.find(needle), "{text:?} {needle:?}");
                assert_eq!(
                    split_once(text, needle),
                    text.split_once(needle),
                    "{text:?} {needle:?}"
                );
                assert_eq!(replace(text, needle, "<>"), text.replace(needle, "<>"));
            }
        }
    }

    #[test]
    fn finds_a_text_in_a_list() {
        assert!(is_one_of("K_o", &["Na_o", "K_o"]));
        assert!(!is_one_of("K", &["Na_o", "K_o"]));
        assert!(!is_one_of("", &[]));
    }

    #[test]
    fn replaces_and_trims_as_the_standard_library_does() {
        for text in ["", "1.2500", "-73.80 mV", "100.", "0.000", "a-b-c", "−5"] {
            for (from, to) in [("-", "\u{2212}"), ("0", ""), ("", "x"), ("mV", "")] {
                assert_eq!(replace(text, from, to), text.replace(from, to));
            }
            for suffix in ["0", ".", " mV", "mV", ""] {
                assert_eq!(trim_end(text, suffix), text.trim_end_matches(suffix));
            }
            assert_eq!(
                trim_fraction_zeros(text),
                text.trim_end_matches('0').trim_end_matches('.')
            );
        }
    }

    #[test]
    fn joins_as_the_standard_library_does() {
        let cases: [&[&str]; 4] = [&[], &["a"], &["a", "b"], &["", "K⁺", "", "Na⁺"]];
        for parts in cases {
            for sep in ["", ", ", " · "] {
                assert_eq!(join(parts, sep), parts.join(sep));
                let owned: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
                assert_eq!(join(&owned, sep), owned.join(sep));
            }
        }
    }
}
