//! Writes the lessons' texts' file ([`rpl_text::lazy::FILE`]) into a built
//! page's folder: the folder given as the argument, else `$TRUNK_STAGING_DIR`
//! (Trunk runs this after every build, a post_build hook in Trunk.toml).
//! The page fetches the file the first time a lesson is opened.

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
    let path = dir.join(rpl_text::lazy::FILE);
    match std::fs::write(&path, rpl_text::lazy::BUNDLE) {
        Ok(()) => {
            println!(
                "rpl-lesson-texts: wrote {} ({} bytes)",
                path.display(),
                rpl_text::lazy::BUNDLE.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rpl-lesson-texts: cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
