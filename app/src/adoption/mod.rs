//! Who has done it already: the ICB directory by region (`/icbs`), each ICB's
//! documented deployments and public contact routes (`/icbs/{code}`), and the
//! same rolled up per region (`/regions/{code}`).

mod pages;
mod server_fns;
mod table;

pub use pages::{IcbPage, IcbsPage, RegionPage};
pub use server_fns::{get_icb, get_region, list_icbs};
