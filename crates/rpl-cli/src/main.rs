//! `rpl`: the Resting Potential Lab model on the command line. See `rpl help`.

use rpl_cli::args::Args;
use rpl_cli::commands::dispatch;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = Args::parse(&argv).and_then(|a| dispatch(&a));
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = stdout.write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rpl: {e}");
            ExitCode::from(2)
        }
    }
}
