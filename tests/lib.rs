//! Shared helpers for the native tests (none yet).
