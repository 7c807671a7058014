//! An operation's parameters: where each goes, and how its value is written there.

use super::TypeRef;
use serde::Serialize;

/// A piece of a path segment.
#[derive(Debug, Clone, Serialize)]
pub enum PathPart {
    /// Text sent as written.
    Literal(String),
    /// A path parameter's value (the Rust parameter name), percent-encoded when sent.
    Param(String),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

impl ParamLocation {
    /// The location as the spec's `in` says it.
    pub fn word(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// An operation parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// The Rust argument name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type, without the `Option` that `required: false` adds.
    pub ty: TypeRef,
    /// Required (path parameters always are).
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// How a query array or object is written.
    pub style: QueryStyle,
    /// How a path or header value is written, where it is not one scalar as it is.
    #[serde(skip_serializing_if = "ValueStyle::is_simple")]
    pub value_style: ValueStyle,
    /// The parameter's `example` (else its schema's), for the method's doc example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// The local variable holding the value inside the method, when `name` would collide with
    /// a local or helper the method body uses (`query`, `url`, `text`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<String>,
}

impl Param {
    /// The name the method body reads the value by.
    pub fn binding(&self) -> &str {
        self.local.as_deref().unwrap_or(&self.name)
    }
}

/// How a query parameter holding an array (or object) is serialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QueryStyle {
    /// `form`, exploded (the default): `?id=1&id=2`; an object's properties as parameters.
    Exploded,
    /// One parameter, values joined: `form` unexploded (`,`), `spaceDelimited`, `pipeDelimited`.
    Delimited(char),
    /// `deepObject`: `?filter[name]=x&filter[size]=2`.
    DeepObject,
}

/// How a path or header parameter's value is written (the specification's `simple`, `label`
/// and `matrix` styles; headers are always `simple`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ValueStyle {
    /// `simple`: `5`, `3,4,5`, `R,100,G,200` (exploded: `R=100,G=200`).
    Simple {
        /// `explode`.
        explode: bool,
    },
    /// `label`: `.5`, `.3,4,5` (exploded: `.3.4.5`), `.R,100,G,200` (exploded: `.R=100.G=200`).
    Label {
        /// `explode`.
        explode: bool,
    },
    /// `matrix`: `;id=5`, `;id=3,4,5` (exploded: `;id=3;id=4;id=5`), `;id=R,100,G,200`
    /// (exploded: `;R=100;G=200`).
    Matrix {
        /// `explode`.
        explode: bool,
    },
}

impl ValueStyle {
    /// The default style: a scalar is written as it is.
    pub fn is_simple(&self) -> bool {
        *self == ValueStyle::Simple { explode: false }
    }
}
