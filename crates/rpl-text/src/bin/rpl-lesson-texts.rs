//! Writes the lessons' texts' file ([`rpl_text::lazy::FILE`]) and the
//! interface texts' files, English and Chinese ([`rpl_text::lazy::EN_FILE`],
//! [`rpl_text::lazy::ZH_FILE`]), into a built page's folder: the folder
//! given as the argument, else `$TRUNK_STAGING_DIR` (Trunk runs this after
//! every build, a post_build hook in Trunk.toml). The page fetches the
//! lessons' file the first time a lesson is opened, the file of the language
//! it is read in as it loads, and the other when the reader switches to it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os()
        .nth(1)
        .or_else(|| std::env::var_os("TRUNK_STAGING_DIR"))
        .map(PathBuf::from)
    else {
        eprintln!("rpl-lesson-texts: give the built page's folder (or set TRUNK_STAGING_DIR)");
        return ExitCode::FAILURE;
    };
    for (name, body) in [
        (rpl_text::lazy::FILE, rpl_text::lazy::BUNDLE),
        (rpl_text::lazy::EN_FILE, rpl_text::lazy::EN_BUNDLE),
        (rpl_text::lazy::ZH_FILE, rpl_text::lazy::ZH_BUNDLE),
    ] {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, body) {
            eprintln!("rpl-lesson-texts: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "rpl-lesson-texts: wrote {} ({} bytes)",
            path.display(),
            body.len()
        );
    }
    ExitCode::SUCCESS
}
