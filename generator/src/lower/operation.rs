//! Operations → IR: their places in the resources (the resource tree), the request builder when
//! anything is optional, and paging (see `paging`); parameters are `params`', request bodies
//! `body`'s, responses `responses`'.

use super::{
    ir, naming, pointer_push, BTreeMap, Error, Lowerer, Namespace, OpenAPI, Operation, Param,
    ReferenceOr, Resource, Settings,
};

impl Lowerer<'_, '_, '_> {
    /// Every operation, placed in its resource (see `resources`): resources are named first,
    /// all of them, so an accessor always keeps its name over a method of the same resource.
    pub(super) fn operations(
        &mut self,
        doc: &OpenAPI,
        client_methods: &mut Namespace,
        security: &super::auth::Security,
        settings: &Settings,
    ) -> Result<(Vec<Operation>, Vec<Resource>), Error> {
        // The client module writes the std prelude's names unqualified, as the models do.
        let reserved = [
            naming::reserved::CLIENT_TYPES,
            naming::reserved::MODEL_TYPES,
        ]
        .concat();
        let mut type_names = Namespace::with_reserved(&reserved);
        let referenced = self.referenced_items(doc)?;
        let items = path_items(doc, &referenced);
        let chains = crate::adapter::shape::tag_chains(doc);
        let sites: Vec<super::resources::Site<'_>> = items
            .iter()
            .flat_map(|(path, _, _, ops)| ops.iter().map(|at| site(path, at, &chains)))
            .collect();
        let placements =
            super::resources::place(&sites, &settings.operations).map_err(Error::Settings)?;

        let ResourceTree {
            resources,
            mut scopes,
            by_path,
        } = resource_tree(
            &placements,
            client_methods,
            &mut type_names,
            settings.embedded,
        );

        let mut operation_names = Namespace::default();
        let (mut out, mut links) = (Vec::new(), Vec::new());
        let mut placements = placements.into_iter();
        for (path, item_ptr, item, ops) in &items {
            for at in ops {
                let op = &*at.op;
                let placement = placements.next().expect("one placement per operation");
                let op_ptr = at.pointer(item_ptr);
                let operation_name = operation_names.claim(&wanted_name(path, at));
                let resource = by_path.get(&placement.resource).copied();
                let scope = match resource {
                    Some(r) => &mut scopes[r],
                    None => &mut *client_methods,
                };
                let method_name = method_name(scope, &placement.verb, &operation_name);
                let owner = resource.map_or("", |r| resources[r].type_name.as_str());
                let [type_base, client_base] = type_bases(&operation_name, owner, &method_name);
                let mut lowered = self.operation(
                    path,
                    &at.http_method,
                    op,
                    &item.parameters,
                    &op_ptr,
                    item_ptr,
                    method_name,
                    [&type_base, &client_base],
                    &mut type_names,
                    security.requirements(op.security.as_ref(), doc),
                    &settings.paging,
                )?;
                claim_events_method(&mut lowered, scope);
                lowered.operation_name = operation_name;
                lowered.resource = resource;
                out.push(lowered);
                links.push(self.links(op, &op_ptr)?);
            }
        }
        self.place_links(&mut out, links);
        super::headers::name_header_structs(&mut out, &mut type_names);
        Ok((out, resources))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &openapiv3::Operation,
        shared_params: &[ReferenceOr<openapiv3::Parameter>],
        op_ptr: &str,
        item_ptr: &str,
        method_name: String,
        [type_base, client_base]: [&str; 2],
        error_names: &mut Namespace,
        security: Vec<ir::Requirement>,
        paging_settings: &crate::settings::PagingSettings,
    ) -> Result<Operation, Error> {
        let mut declared = self.declared_params(op, shared_params, op_ptr, item_ptr)?;
        // The `#fragment` some specs add to a path key to tell operations apart is not sent.
        let wire_path = path.split('#').next().unwrap_or(path);
        // A name in the path template that no parameter declares: the intent is plain (the
        // value goes there), so it is taken as a required string, with a warning.
        let in_template = super::path::template_names(wire_path);
        self.declare_template_names(&mut declared, &in_template, op_ptr);
        // A parameter's name is its argument's, or its setter's on the request builder, beside
        // the builder's own methods.
        let mut arg_names = Namespace::with_reserved(naming::reserved::BUILDER_METHODS);
        let (ir_params, path_args) = self.lower_params(
            declared,
            [wire_path, type_base],
            &in_template,
            &mut arg_names,
        )?;
        let segments = self.segments(wire_path, &path_args, op_ptr)?;
        let body = self.operation_body(op, op_ptr, type_base, &mut arg_names)?;
        let (success, errors) =
            self.responses(op, op_ptr, [type_base, client_base], error_names)?;
        let events = self.operation_events(op, op_ptr, type_base, body.as_ref())?;
        let error_type =
            (!errors.is_empty()).then(|| error_names.claim(&format!("{client_base}Error")));
        let builder = has_options(&ir_params, body.as_ref())
            .then(|| error_names.claim(&format!("{client_base}Request")));
        let headers = self.response_headers(op, op_ptr, client_base)?;
        let site = super::paging::Site {
            params: &ir_params,
            success: &success,
            link_header: body.is_none() && self.declares_link_header(op, op_ptr)?,
            keys: [op.operation_id.clone(), Some(format!("{method} {path}"))],
        };
        // A request with a body is not paged.
        let paging = match body {
            None => self.paging(&site, paging_settings)?,
            Some(_) => None,
        };
        let plain = builder.is_none();
        let pages_method = twin(&method_name, "pages", plain && paging.is_some());
        let stream_method = twin(&method_name, "stream", plain && success.is_bytes());
        Ok(Operation {
            operation_name: String::new(),
            resource: None,
            method_name,
            operation_id: op.operation_id.clone(),
            http_method: method.to_string(),
            path: path.to_string(),
            segments,
            summary: op.summary.clone(),
            description: op.description.clone(),
            params: ir_params,
            body,
            success,
            errors,
            error_type,
            builder,
            security,
            deprecated: op.deprecated,
            paging,
            pages_method,
            stream_method,
            headers,
            events,
            links: Vec::new(),
        })
    }

    /// The path items written as `$ref`s, resolved, in document order (a path item is large:
    /// the others are borrowed from the document, not copied).
    pub(super) fn referenced_items(
        &mut self,
        doc: &OpenAPI,
    ) -> Result<Vec<openapiv3::PathItem>, Error> {
        let mut referenced = Vec::new();
        for (path, item) in doc.paths.paths.iter() {
            if let ReferenceOr::Reference { .. } = item {
                let item_ptr = pointer_push("#/paths", path);
                referenced.push(self.resolver.object(item, &item_ptr)?.value.into_owned());
            }
        }
        Ok(referenced)
    }

    /// An operation's request body, its fields' setters named in `arg_names`.
    fn operation_body(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        type_base: &str,
        arg_names: &mut Namespace,
    ) -> Result<Option<ir::Body>, Error> {
        let Some(body) = &op.request_body else {
            return Ok(None);
        };
        let mut body = self.request_body(body, &pointer_push(op_ptr, "requestBody"), type_base)?;
        self.body_fields(&mut body, arg_names);
        Ok(Some(body))
    }

    /// An operation's stream of events, with the body's switch that asks for it.
    fn operation_events(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        type_base: &str,
        body: Option<&ir::Body>,
    ) -> Result<Option<ir::Events>, Error> {
        let mut events = self.events(op, op_ptr, type_base)?;
        if let Some(events) = &mut events {
            events.switch = body.and_then(|b| self.stream_switch(b));
        }
        Ok(events)
    }
}

/// The resources operations are placed in, with a scope per resource for its methods' names.
struct ResourceTree {
    resources: Vec<Resource>,
    scopes: Vec<Namespace>,
    /// A resource's index by its path of words (`[streams, clips]`).
    by_path: BTreeMap<Vec<String>, usize>,
}

/// The resource tree: each resource's accessor is claimed in its parent's scope (the client's
/// for the first level), its type among the client module's types, its cargo feature (first
/// level, not for a build script's modules) among the crate's.
fn resource_tree(
    placements: &[super::resources::Placement],
    client_methods: &mut Namespace,
    type_names: &mut Namespace,
    embedded: bool,
) -> ResourceTree {
    let mut resources: Vec<Resource> = Vec::new();
    let mut scopes: Vec<Namespace> = Vec::new();
    let mut by_path: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    // Cargo features beside the ones every generated crate has.
    let mut features = Namespace::with_reserved(naming::reserved::FEATURES);
    for placement in placements {
        for depth in 1..=placement.resource.len() {
            let wanted = &placement.resource[..depth];
            if by_path.contains_key(wanted) {
                continue;
            }
            let parent = (depth > 1).then(|| by_path[&wanted[..depth - 1]]);
            let scope = match parent {
                Some(parent) => &mut scopes[parent],
                None => &mut *client_methods,
            };
            let accessor = scope.claim(&naming::field_name(&wanted[depth - 1]));
            let type_name = type_names.claim(&naming::type_name(&wanted.join("_")));
            let mut path: Vec<String> = parent
                .map(|p| resources[p].path.clone())
                .unwrap_or_default();
            path.push(accessor.clone());
            by_path.insert(wanted.to_vec(), resources.len());
            let feature = (parent.is_none() && !embedded)
                .then(|| features.claim(naming::serde_name(&accessor)));
            resources.push(Resource {
                accessor,
                type_name,
                parent,
                path,
                feature,
            });
            scopes.push(Namespace::with_reserved(naming::reserved::RESOURCE_METHODS));
        }
    }
    ResourceTree {
        resources,
        scopes,
        by_path,
    }
}

/// A path item of the document with its operations: the path, its pointer, the item (borrowed
/// from the document, or from `referenced`: the `$ref`ed ones, in order) and its operations
/// (3.2's QUERY and additional ones read apart: owned).
pub(super) type PathItemOps<'a> = (
    &'a String,
    String,
    &'a openapiv3::PathItem,
    Vec<crate::adapter::shape::PathOperation<'a>>,
);

/// Every path item of the document with its operations, in document order.
pub(super) fn path_items<'a>(
    doc: &'a OpenAPI,
    referenced: &'a [openapiv3::PathItem],
) -> Vec<PathItemOps<'a>> {
    let mut referenced = referenced.iter();
    doc.paths
        .paths
        .iter()
        .filter_map(|(path, item)| {
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => referenced.next()?,
            };
            let ops = crate::adapter::shape::operations(item);
            Some((path, pointer_push("#/paths", path), item, ops))
        })
        .collect()
}

/// The operation's own name (its operationId, else method and path): what tracing reports,
/// what its types are named after, and the method's name when its verb is taken in its
/// resource.
fn wanted_name(path: &str, at: &crate::adapter::shape::PathOperation<'_>) -> String {
    match &at.op.operation_id {
        Some(id) => naming::field_name(id),
        None => naming::field_name(&format!(
            "{} {}",
            at.method,
            path.split('#').next().unwrap_or(path)
        )),
    }
}

/// The bases of an operation's type names. Inline schemas in models are named after the
/// operation; its request, error and response types after where users meet them, its resource
/// (`owner`) and method (`StreamsClipsCreateRequest` for `client.streams().clips().create()`),
/// so they sort beside their resource in the docs.
fn type_bases(operation_name: &str, owner: &str, method_name: &str) -> [String; 2] {
    [
        naming::type_name(naming::serde_name(operation_name)),
        naming::type_name(&format!("{owner}_{}", naming::serde_name(method_name))),
    ]
}

/// A plain method's twin (`list_pages`, `get_stream`) when it `has` one: the name
/// [`method_name`] claimed beside the method's (`claim_with_suffixes`).
fn twin(method_name: &str, suffix: &str, has: bool) -> Option<String> {
    has.then(|| naming::suffixed(method_name, suffix))
}

/// `*_events` is claimed only by an operation that has one (few do): kept free for every
/// operation, it would rename the real `list_events` of an API whose `list` streams nothing. A
/// request builder's is `send_events`.
fn claim_events_method(lowered: &mut Operation, scope: &mut Namespace) {
    if let Some(events) = &mut lowered.events {
        if lowered.builder.is_none() {
            let name = naming::suffixed(&lowered.method_name, "events");
            events.method = Some(scope.claim(&name));
        }
    }
}

/// Whether anything of a request is optional: then the method returns a request builder, a
/// setter per optional value instead of a row of `None`s at every call site.
fn has_options(params: &[Param], body: Option<&ir::Body>) -> bool {
    params.iter().any(|p| !p.required)
        || body.is_some_and(|b| {
            !b.required || b.fields.as_ref().is_some_and(|f| !f.setters.is_empty())
        })
}

/// Where an operation is, for placing it in a resource: its path, method, operationId, SDK
/// samples, and the chain of its first tag in 3.2's tag tree (`chains`).
fn site<'a>(
    path: &'a str,
    at: &'a crate::adapter::shape::PathOperation<'_>,
    chains: &BTreeMap<&str, Vec<&str>>,
) -> super::resources::Site<'a> {
    let op = &*at.op;
    let tag_chain = op
        .tags
        .iter()
        .find_map(|tag| chains.get(tag.as_str()))
        .map(|chain| chain.iter().map(|name| name.to_string()).collect());
    super::resources::Site {
        tag_chain,
        path,
        method: &at.method,
        operation_id: op.operation_id.as_deref(),
        samples: op
            .extensions
            .get("x-codeSamples")
            .or_else(|| op.extensions.get("x-code-samples")),
    }
}

/// An operation's method name in its resource's `scope`: its verb, else its own name. Each
/// operation may have `*_pages` (a paged list) and `*_stream` (a binary response): those names
/// are kept free for every operation, so a name never depends on whether another is paged; a
/// verb whose derived names another method took is not the method's name either.
fn method_name(scope: &mut Namespace, verb: &str, operation_name: &str) -> String {
    // `Operation::pages_method` and `stream_method` are these.
    const DERIVED: [&str; 2] = ["pages", "stream"];
    let verb = naming::field_name(verb);
    let free = |name: &str| {
        !scope.contains(name)
            && DERIVED
                .iter()
                .all(|s| !scope.contains(&naming::suffixed(name, s)))
    };
    let wanted = match free(&verb) {
        true => verb,
        false => operation_name.to_string(),
    };
    scope.claim_with_suffixes(&wanted, &DERIVED)
}
