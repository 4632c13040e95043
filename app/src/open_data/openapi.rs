//! `GET /api/openapi.json`: the OpenAPI 3.1 description of the public routes,
//! generated from the handlers' `#[utoipa::path]` attributes and the response
//! types' `ToSchema` derives; the query keys come from
//! [`CatalogueQuery::keys`], the list the parser itself reads, so a new filter is
//! documented the day it exists.
//!
//! The Leptos server functions under `/api/` (`/api/search_catalogue…`) are the
//! pages' own internals: they are left out, and the document says so.

use crate::domain::{CatalogueQuery, KeyValues};
use axum::{Json, response::IntoResponse};
use std::borrow::Cow;
use utoipa::{
    OpenApi, PartialSchema, ToSchema,
    openapi::{
        Array, Object, ObjectBuilder, RefOr, Required, Schema, Type,
        path::{Parameter, ParameterBuilder, ParameterIn},
    },
};

/// What the document says about itself.
const DESCRIPTION: &str = "The public, read-only routes of the proven health technologies catalogue for NHS integrated care boards. \
Everything is open data: the catalogue's own compilation and wording are offered under CC BY 4.0 \
(https://creativecommons.org/licenses/by/4.0/) with attribution to the catalogue; each cited source keeps its own terms. \
No route returns contacts, accounts or submissions under review.\n\n\
The server functions under /api/ whose names are not listed here (for example /api/search_catalogue…) are internal to \
the web pages: their names and shapes change without notice, and they are deliberately left out of this document.";

/// The document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Proven health technologies catalogue",
        version = "1.0",
        description = DESCRIPTION,
        license(name = "CC BY 4.0 (the data)", url = "https://creativecommons.org/licenses/by/4.0/"),
    ),
    paths(
        super::api::search_json,
        super::api::export_json,
        super::api::export_csv,
        super::api::compare_csv,
        super::files::catalogue_json,
        super::files::claims_csv,
        openapi_json,
    ),
    tags(
        (name = "search", description = "Searching and exporting the catalogue's views"),
        (name = "open data", description = "The whole catalogue as files"),
    )
)]
pub struct ApiDoc;

/// The routes that read the catalogue's query string.
const QUERY_ROUTES: [&str; 3] = [
    "/api/technologies",
    "/technologies/export.csv",
    "/technologies/export.json",
];

/// The document, with every route that reads the catalogue's query string
/// given its keys.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for route in QUERY_ROUTES {
        if let Some(item) = doc.paths.paths.get_mut(route)
            && let Some(op) = item.get.as_mut()
        {
            op.parameters
                .get_or_insert_with(Vec::new)
                .extend(query_parameters().into_iter().map(RefOr::T));
        }
    }
    doc
}

/// One parameter per key of [`CatalogueQuery::keys`].
fn query_parameters() -> Vec<Parameter> {
    CatalogueQuery::keys()
        .into_iter()
        .map(|key| {
            let one = match &key.values {
                KeyValues::Text(max) => ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(*max))
                    .build(),
                KeyValues::Pattern(p) => ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(*p))
                    .build(),
                KeyValues::OneOf(values) => ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(values.clone()))
                    .build(),
                KeyValues::Page => ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .build(),
            };
            let schema: Schema = if key.repeatable {
                Array::new(one).into()
            } else {
                one.into()
            };
            ParameterBuilder::new()
                .name(key.name)
                .parameter_in(ParameterIn::Query)
                .description(Some(key.meaning))
                .required(Required::False)
                .schema(Some(schema))
                .build()
        })
        .collect()
}

/// `GET /api/openapi.json`
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "open data",
    responses((status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json")),
)]
pub async fn openapi_json() -> impl IntoResponse {
    Json(document())
}

/// A row of `/technologies/export.csv`: an object keyed by the header, every
/// cell text, in the order of [`super::api::CSV_COLUMNS`].
#[derive(Debug)]
pub struct TechnologyCsvRow;

impl PartialSchema for TechnologyCsvRow {
    fn schema() -> RefOr<Schema> {
        let mut b = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "A row of the CSV, as an object keyed by the header. Lists are joined with \"; \"; \
                 a missing value is \"not yet documented\"; a cell a spreadsheet would run as a \
                 formula starts with '.",
            ))
            .additional_properties(Some(
                utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
            ));
        for column in super::api::CSV_COLUMNS {
            b = b
                .property(column, Object::with_type(Type::String))
                .required(column);
        }
        RefOr::T(b.build().into())
    }
}

impl ToSchema for TechnologyCsvRow {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("TechnologyCsvRow")
    }
}

/// A row of `/compare/export.csv`: the group, the row's label, a cell per
/// technology compared, and the row's sources.
#[derive(Debug)]
pub struct ComparisonCsvRow;

impl PartialSchema for ComparisonCsvRow {
    fn schema() -> RefOr<Schema> {
        let cells = Array::builder()
            .items(Object::with_type(Type::String))
            // group, row, at least one technology, sources
            .min_items(Some(4))
            .description(Some(
                "A row of the CSV as its cells: group, row, one cell per technology (the header \
                 names them), sources.",
            ))
            .build();
        RefOr::T(cells.into())
    }
}

impl ToSchema for ComparisonCsvRow {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ComparisonCsvRow")
    }
}
