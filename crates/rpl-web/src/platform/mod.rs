//! The browser underneath the page: finding elements and listening to them
//! ([`dom`]), the one animation-frame loop ([`frame_loop`]), downloads, the
//! page's address and embed mode's height messages ([`browser`]), and frame
//! timings for the benchmarks ([`perf`]). Nothing here knows the page's
//! state or how it looks.

pub mod browser;
pub mod dom;
pub mod frame_loop;
pub mod perf;
