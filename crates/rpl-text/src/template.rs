//! Templates: texts with `{name}` holes, filled at run time from named values.
//!
//! This file is also compiled into the build script (`build.rs`), so the
//! build's check that both languages of a key have the same holes reads holes
//! exactly as [`fill`] does.

/// The hole names of `template`, in order of appearance (repeats included).
///
/// A hole is `{` + a name of ASCII letters, digits, `_` or `-` + `}`; any
/// other brace is plain text.
pub fn holes(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        rest = rest.get(i + 1..).unwrap_or("");
        if let Some(name) = hole_name(rest) {
            out.push(name);
            rest = rest.get(name.len() + 1..).unwrap_or("");
        }
    }
    out
}

/// The hole name at the start of `rest` (just after a `{`), if `rest` starts
/// with a valid name and its closing `}`.
fn hole_name(rest: &str) -> Option<&str> {
    let end = rest.find('}')?;
    let name = rest.get(..end)?;
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    valid.then_some(name)
}

/// `template` with each `{name}` hole replaced by the value given for `name`.
///
/// One pass from left to right: a value is never searched for holes itself
/// (so a reader's text such as `"{v}"` in an error is shown as typed), and a
/// hole without a value is left as it is (the tests look for those).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * values.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(rest.get(..i).unwrap_or(""));
        rest = rest.get(i..).unwrap_or("");
        let value = hole_name(rest.get(1..).unwrap_or(""))
            .and_then(|name| values.iter().find(|(n, _)| *n == name).map(|v| (name, v.1)));
        match value {
            Some((name, v)) => {
                out.push_str(v);
                rest = rest.get(name.len() + 2..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = rest.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}
