//! The home page at `/`: what the catalogue is, who it is for, and what "proven"
//! means here.

mod page;

pub use page::HomePage;
