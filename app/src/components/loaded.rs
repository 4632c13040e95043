//! Loaded data: how every page shows a resource that comes from a server
//! function. While it loads, a line of text; if it fails, the error's own page
//! text (and status, during server rendering); once loaded, the children.

use super::ErrorView;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// Shows `data` once loaded, through `children` (`let:` names the value):
///
/// ```ignore
/// <Loaded data=icb let:i><Icb i /></Loaded>
/// ```
///
/// `keep_previous` keeps the last result on screen while a new one loads (for
/// pages whose query changes in place, such as the catalogue's filters).
#[component]
pub fn Loaded<T, V, C>(
    /// The server function's answer.
    data: Resource<Result<T, AppError>>,
    /// What it says while loading.
    #[prop(default = "Loading…")]
    loading: &'static str,
    /// Keep the previous result visible while the next one loads.
    #[prop(optional)]
    keep_previous: bool,
    /// The loaded value's view.
    children: C,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    C: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let fallback = move || view! { <p>{loading}</p> };
    let content = move || {
        let children = children.clone();
        Suspend::new(async move { data.await.map(children) })
    };
    let shown = view! {
        <ErrorBoundary fallback=|errors| view! { <ErrorView errors /> }>{content}</ErrorBoundary>
    };
    if keep_previous {
        view! { <Transition fallback>{shown}</Transition> }.into_any()
    } else {
        view! { <Suspense fallback>{shown}</Suspense> }.into_any()
    }
}
