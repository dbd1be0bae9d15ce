//! No module of the model, lessons or command-line crates uses a module that
//! uses it back, directly or through others (read from the `crate::…` and
//! `super::…` paths in each file).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module name → the sibling modules its source names as `crate::m::…`,
/// `use crate::m` or `super::m`.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("src dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            files.insert(name, std::fs::read_to_string(&path).expect("read"));
        }
    }
    let modules: BTreeSet<String> = files
        .keys()
        .filter(|m| !matches!(m.as_str(), "lib" | "main"))
        .cloned()
        .collect();
    let mut g = BTreeMap::new();
    for (name, text) in &files {
        let mut uses = BTreeSet::new();
        for m in &modules {
            let named = [
                format!("crate::{m}::"),
                format!("crate::{m};"),
                format!("crate::{m}}}"),
                format!("crate::{m},"),
                format!("crate::{{{m}"),
                format!("super::{m}::"),
            ]
            .iter()
            .any(|p| text.contains(p.as_str()));
            if m != name && named {
                uses.insert(m.clone());
            }
        }
        g.insert(name.clone(), uses);
    }
    g
}

fn reaches(g: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(m) = stack.pop() {
        for n in g.get(&m).into_iter().flatten() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.push(n.clone());
            }
        }
    }
    false
}

#[test]
fn no_module_uses_a_module_that_uses_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for krate in ["rpl-model", "rpl-lessons", "rpl-cli"] {
        let g = graph(&root.join("crates").join(krate).join("src"));
        assert!(g.contains_key("error") || krate != "rpl-model", "{g:?}");
        for (m, uses) in &g {
            for u in uses {
                assert!(
                    !reaches(&g, u, m),
                    "{krate}: {m} uses {u}, which leads back to {m}"
                );
            }
        }
    }
}
