//! Webhooks: the body of an incoming webhook request decodes into its typed payload by the
//! webhook's name, in `tests/operations-client/` (generated from `tests/fixtures/operations.yaml`).

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
    assert_eq!(Webhook::NAMES, ["thing.created", "thing.deleted"]);
}

#[test]
fn an_unknown_name_or_a_payload_that_does_not_match_is_said_so() {
    assert!(Webhook::parse("thing.renamed", b"{}").is_none());
    let error = Webhook::parse("thing.deleted", br#"{"id": "seven"}"#)
        .expect("a declared webhook")
        .expect_err("not its payload");
    assert!(error.to_string().contains("invalid type"), "{error}");
}
