//! Any bytes, as spec text, through the whole in-memory pipeline: it may refuse the input with
//! an error, but never panic, overflow its stack or hang (libFuzzer's `-timeout` catches that).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = generator::Settings::new("fuzzed", "cargo xtask fuzz");
    let _ = generator::generate(text, &settings);
});
