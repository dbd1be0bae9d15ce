//! The shape of the code: no module of the workspace imports a module that
//! imports it back, directly or through others.
//!
//! Every `.rs` file under `crates/*/src` is a module (`src/a/b.rs` is
//! `a::b`; `lib.rs` and `main.rs` are the crate root, which only declares and
//! re-exports and is left out). A module depends on another when its code
//! names it through `crate::…` or `super::…` (in a `use` line or inline),
//! comments aside. The test fails on any cycle among those dependencies and
//! names the modules in it.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file relative to its crate's `src` (`None` for the root).
fn module_of(rel: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    if parts.is_empty() && (stem == "lib" || stem == "main") {
        return None;
    }
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    Some(parts)
}

/// Code without `//` comments (doc comments included) and string contents
/// that merely mention paths.
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|l| match l.find("//") {
        Some(i) => &l[..i],
        None => l,
    })
}

/// Identifier-path segments after `prefix::` at each occurrence in `line`.
fn paths_after<'a>(line: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    let needle = format!("{prefix}::");
    let mut rest = line;
    while let Some(i) = rest.find(&needle) {
        let before = rest[..i].chars().last();
        rest = &rest[i + needle.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut segs = Vec::new();
        let mut s = rest;
        loop {
            let end = s
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(s.len());
            if end == 0 {
                break;
            }
            let seg = &s[..end];
            s = &s[end..];
            // `crate::lesson(…)` calls a function of the root, not the module `lesson`.
            if s.starts_with('(') || s.starts_with("::<") {
                break;
            }
            segs.push(seg);
            match s.strip_prefix("::") {
                Some(r) => s = r,
                None => break,
            }
        }
        out.push(segs);
    }
    out
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The dependency graph of one crate's modules, named `crate/a::b`.
fn crate_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .filter_map(|f| module_of(f.strip_prefix(src).ok()?))
        .collect();
    // The longest known module that is a prefix of `path`.
    let resolve = |path: &[String]| -> Option<Vec<String>> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| modules.contains(p))
    };
    let name = |m: &[String]| m.join("::");
    let mut graph = Graph::new();
    for f in &files {
        let Some(me) = f.strip_prefix(src).ok().and_then(module_of) else {
            continue;
        };
        let text = fs::read_to_string(f).unwrap_or_default();
        let deps = graph.entry(name(&me)).or_default();
        for line in code_lines(&text) {
            for segs in paths_after(line, "crate") {
                let path: Vec<String> = segs.iter().map(|s| s.to_string()).collect();
                if let Some(m) = resolve(&path) {
                    if m != me && !me.starts_with(&m) {
                        deps.insert(name(&m));
                    }
                }
            }
            for segs in paths_after(line, "super") {
                let parent = &me[..me.len().saturating_sub(1)];
                let mut path: Vec<String> = parent.to_vec();
                path.extend(segs.iter().map(|s| s.to_string()));
                if let Some(m) = resolve(&path) {
                    if m != me && !me.starts_with(&m) {
                        deps.insert(name(&m));
                    }
                }
            }
        }
    }
    graph
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(deps) = s.graph.get(v) {
            for w in deps {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(lw));
                } else if s.on_stack.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(iw));
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn workspace_crates() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("crates");
    let mut out: Vec<PathBuf> = fs::read_dir(&root)
        .expect("the workspace has a crates/ folder")
        .flatten()
        .map(|e| e.path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let crates = workspace_crates();
    assert!(crates.len() >= 5, "found {crates:?}");
    let mut found = Vec::new();
    for src in &crates {
        let graph = crate_graph(src);
        assert!(!graph.is_empty(), "{} has modules", src.display());
        for c in cycles(&graph) {
            found.push(format!("{}: {}", src.display(), c.join(" ↔ ")));
        }
    }
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

#[test]
fn the_checker_sees_a_cycle_and_a_one_way_chain() {
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    g.entry("d".into()).or_default().insert("a".into());
    assert_eq!(cycles(&g), vec![vec!["a", "b", "c"]]);
    g.get_mut("c").map(|d| d.remove("a"));
    assert!(cycles(&g).is_empty());
    assert_eq!(
        paths_after("use crate::charts::{format_number, TimeAxis};", "crate"),
        vec![vec!["charts"]]
    );
    assert_eq!(
        paths_after("crate::lesson(id)", "crate"),
        vec![Vec::<&str>::new()]
    );
    assert_eq!(
        paths_after("crate::app::format_duration(t)", "crate"),
        vec![vec!["app"]]
    );
    assert_eq!(
        paths_after("x = super::voltage::draw(v)", "super"),
        vec![vec!["voltage"]]
    );
    assert!(paths_after("rpl_crate::x", "crate").is_empty());
}
