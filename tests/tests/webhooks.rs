//! Webhooks and callbacks: the body of an incoming request the API sends decodes into its typed
//! payload by the hook's name, in `tests/operations-client/` (generated from
//! `tests/fixtures/operations.yaml`).

use operations_client::models::Webhook;

#[test]
fn a_webhook_body_decodes_by_its_name() {
    let created = Webhook::parse("thing.created", br#"{"id": 7, "name": "lamp"}"#)
        .expect("a declared webhook")
        .expect("its payload");
    let Webhook::ThingCreated(thing) = &created else {
        panic!("{created:?}");
    };
    assert_eq!((thing.id, thing.name.as_str()), (7, "lamp"));
    assert_eq!(created.name(), "thing.created");

    let deleted = Webhook::parse("thing.deleted", br#"{"id": 7}"#)
        .expect("a declared webhook")
        .expect("its payload");
    assert!(
        matches!(&deleted, Webhook::ThingDeleted(d) if d.id == 7),
        "{deleted:?}"
    );
    assert_eq!(
        Webhook::NAMES,
        [
            "thing.created",
            "thing.deleted",
            "thing.ready",
            "POST /things thing.created"
        ]
    );
}

#[test]
fn an_unknown_name_or_a_payload_that_does_not_match_is_said_so() {
    assert!(Webhook::parse("thing.renamed", b"{}").is_none());
    let error = Webhook::parse("thing.deleted", br#"{"id": "seven"}"#)
        .expect("a declared webhook")
        .expect_err("not its payload");
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[test]
fn a_callback_body_decodes_by_its_name_and_its_operation_when_another_took_the_name() {
    // `thing.ready`, declared by two operations with one payload: one variant.
    let ready = Webhook::parse("thing.ready", br#"{"id": 3, "name": "desk"}"#)
        .expect("a declared callback")
        .expect("its payload");
    assert!(
        matches!(&ready, Webhook::ThingReady(t) if t.id == 3),
        "{ready:?}"
    );
    // `thing.created` is a webhook's name: the callback is parsed by its operation's too.
    let created = Webhook::parse("POST /things thing.created", br#"{"at": "noon"}"#)
        .expect("a declared callback")
        .expect("its payload");
    let Webhook::PostThingsThingCreated(payload) = &created else {
        panic!("{created:?}");
    };
    assert_eq!(payload.at.as_deref(), Some("noon"));
    assert_eq!(created.name(), "POST /things thing.created");
}
