//! Turns the bundled roadmap into JSON once, at build time, so trek reads
//! it with serde on every start instead of parsing its TOML. Only the
//! shape changes: the loader's tests hold the result to what trek's own
//! validator makes of `roadmap.toml`, rule for rule.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=roadmap.toml");
    let text = std::fs::read_to_string("roadmap.toml").expect("roadmap.toml beside Cargo.toml");
    let value: toml::Value = toml::from_str(&text).unwrap_or_else(|error| {
        panic!("roadmap.toml is not TOML ({error}); run `trek roadmap check roadmap.toml`")
    });
    let json = serde_json::to_string(&value).expect("TOML values have a JSON form");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("roadmap.json"), json).expect("OUT_DIR is writable");
}
