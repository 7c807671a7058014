//! An operation's parameters: those that apply (its path item's, unless it redefines them), the
//! names its path template uses without declaring them, and each as the method takes it (path
//! ones first, named, typed, styled).

use super::{
    naming, pointer_push, BTreeMap, Error, IndexMap, Lowerer, NameHint, Namespace, Param,
    ParamLocation, ParameterSchemaOrContent, QueryStyle, ReferenceOr, TypeRef,
};
use crate::ir::ValueStyle;

/// An operation's parameters as declared, keyed by name and location (`"path"`, `"query"`...):
/// each with its pointer, and the styles they are written in.
pub(super) struct Declared {
    pub(super) params:
        IndexMap<(String, &'static str), (openapiv3::ParameterData, ParamLocation, String)>,
    styles: BTreeMap<String, QueryStyle>,
    value_styles: BTreeMap<(String, &'static str), ValueStyle>,
}

impl Declared {
    /// Adds a parameter (resolved, written at `pointer`), replacing one of the same name and
    /// location, with its style.
    fn add(&mut self, param: openapiv3::Parameter, pointer: String) {
        let (data, location, key) = match param {
            openapiv3::Parameter::Path {
                parameter_data,
                style,
            } => {
                let explode = parameter_data.explode.unwrap_or(false);
                let style = match style {
                    openapiv3::PathStyle::Simple => ValueStyle::Simple { explode },
                    openapiv3::PathStyle::Label => ValueStyle::Label { explode },
                    openapiv3::PathStyle::Matrix => ValueStyle::Matrix { explode },
                };
                self.value_styles
                    .insert((parameter_data.name.clone(), "path"), style);
                (parameter_data, ParamLocation::Path, "path")
            }
            openapiv3::Parameter::Query {
                parameter_data,
                style,
                ..
            } => {
                let explode = parameter_data.explode.unwrap_or(true);
                let style = match style {
                    openapiv3::QueryStyle::Form if explode => QueryStyle::Exploded,
                    openapiv3::QueryStyle::Form => QueryStyle::Delimited(','),
                    openapiv3::QueryStyle::SpaceDelimited => QueryStyle::Delimited(' '),
                    openapiv3::QueryStyle::PipeDelimited => QueryStyle::Delimited('|'),
                    openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                };
                self.styles.insert(parameter_data.name.clone(), style);
                (parameter_data, ParamLocation::Query, "query")
            }
            openapiv3::Parameter::Header { parameter_data, .. } => {
                let explode = parameter_data.explode.unwrap_or(false);
                self.value_styles.insert(
                    (parameter_data.name.clone(), "header"),
                    ValueStyle::Simple { explode },
                );
                (parameter_data, ParamLocation::Header, "header")
            }
            openapiv3::Parameter::Cookie { parameter_data, .. } => {
                (parameter_data, ParamLocation::Cookie, "cookie")
            }
        };
        self.params
            .insert((data.name.clone(), key), (data, location, pointer));
    }
}

impl Lowerer<'_, '_, '_> {
    /// A name in the path template that no parameter declares: the intent is plain (the value
    /// goes there), so it is taken as a required string, with a warning.
    pub(super) fn declare_template_names(
        &mut self,
        declared: &mut Declared,
        in_template: &[&str],
        op_ptr: &str,
    ) {
        for &name in in_template {
            if !declared.params.contains_key(&(name.to_string(), "path")) {
                self.note(
                    op_ptr,
                    format!("path parameter `{name}` is not declared in `parameters`; taken as a required string"),
                );
                declared.params.insert(
                    (name.to_string(), "path"),
                    (
                        super::path::undeclared_path_param(name),
                        ParamLocation::Path,
                        op_ptr.to_string(),
                    ),
                );
            }
        }
    }

    /// The parameters that apply to an operation, keyed by name and location: its path
    /// item's, unless the operation redefines the same name and location; with the styles they
    /// are written in.
    pub(super) fn declared_params(
        &mut self,
        op: &openapiv3::Operation,
        shared_params: &[ReferenceOr<openapiv3::Parameter>],
        op_ptr: &str,
        item_ptr: &str,
    ) -> Result<Declared, Error> {
        let mut declared = Declared {
            params: IndexMap::new(),
            styles: BTreeMap::new(),
            value_styles: BTreeMap::new(),
        };
        let sources = shared_params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p,
                    pointer_push(&pointer_push(item_ptr, "parameters"), &i.to_string()),
                )
            })
            .chain(op.parameters.iter().enumerate().map(|(i, p)| {
                (
                    p,
                    pointer_push(&pointer_push(op_ptr, "parameters"), &i.to_string()),
                )
            }));
        for (param, ptr) in sources {
            let resolved = self.resolver.object(param, &ptr)?;
            declared.add(resolved.value.into_owned(), resolved.pointer);
        }
        Ok(declared)
    }

    /// The parameters as the method takes them: path ones first, in the order they appear in
    /// the path, each named in `arg_names` (and read through another binding where its name
    /// would shadow a local of the method), typed, styled; and each path parameter's argument.
    pub(super) fn lower_params(
        &mut self,
        declared: Declared,
        [wire_path, type_base]: [&str; 2],
        in_template: &[&str],
        arg_names: &mut Namespace,
    ) -> Result<(Vec<Param>, BTreeMap<String, String>), Error> {
        let Declared {
            params,
            styles,
            value_styles,
        } = declared;
        let mut ir_params = Vec::new();
        let mut path_args: BTreeMap<String, String> = BTreeMap::new();
        // Path parameters first, in the order they appear in the path.
        let mut ordered: Vec<_> = params.into_values().collect();
        ordered.sort_by_key(|(data, location, _)| match location {
            ParamLocation::Path => (
                0,
                wire_path
                    .find(&format!("{{{}}}", data.name))
                    .unwrap_or(usize::MAX),
            ),
            _ => (1, 0),
        });
        for (data, location, ptr) in ordered {
            // And one declared that the template has no place for cannot be sent: no argument.
            if location == ParamLocation::Path && !in_template.contains(&data.name.as_str()) {
                self.note(
                    &ptr,
                    format!("path parameter `{}` has no `{{{}}}` in the path; it is not sent, so it is not an argument", data.name, data.name),
                );
                continue;
            }
            let name = arg_names.claim(&naming::field_name(&data.name));
            // The method body has locals and helpers of its own; a parameter that would shadow
            // one is read through another binding (its public name stays).
            let local = naming::reserved::METHOD_LOCALS
                .contains(&naming::serde_name(&name))
                .then(|| arg_names.claim(&naming::suffixed(&name, "arg")));
            let hint = NameHint::Derive(format!("{type_base}{}", naming::type_name(&data.name)));
            let ty = self.param_type(&data, &ptr, &hint)?;
            if location == ParamLocation::Path {
                path_args.insert(data.name.clone(), name.clone());
            }
            let style = match location {
                ParamLocation::Query => styles
                    .get(&data.name)
                    .copied()
                    .unwrap_or(QueryStyle::Exploded),
                _ => QueryStyle::Exploded,
            };
            let value_style = value_styles
                .get(&(data.name.clone(), location.word()))
                .copied()
                .unwrap_or(ValueStyle::Simple { explode: false });
            ir_params.push(Param {
                example: param_example(&data),
                name,
                wire_name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                doc: data.description.clone(),
                style,
                value_style,
                local,
            });
        }
        Ok((ir_params, path_args))
    }

    /// A parameter's type: its schema's, or (with `content`) any JSON value.
    fn param_type(
        &mut self,
        data: &openapiv3::ParameterData,
        ptr: &str,
        hint: &NameHint,
    ) -> Result<TypeRef, Error> {
        Ok(match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                self.type_of(s, &pointer_push(ptr, "schema"), hint)?.0
            }
            ParameterSchemaOrContent::Content(_) => {
                self.note(ptr, "parameter with `content` is sent as a JSON string");
                TypeRef::Json
            }
        })
    }
}

/// A parameter's example: its own, else its inline schema's.
fn param_example(data: &openapiv3::ParameterData) -> Option<serde_json::Value> {
    data.example.clone().or_else(|| match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
            schema.schema_data.example.clone()
        }
        _ => None,
    })
}
