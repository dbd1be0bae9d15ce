//! The command line of Resting Potential Lab, as a library so that its pieces
//! are tested directly: argument parsing, scenario loading, the reference-case
//! evaluator and the output formats.

pub mod args;
pub mod commands;
pub mod reference;
