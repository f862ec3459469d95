#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]
use std::path::Path;
#[test]
fn dump() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/004_5988e3924460ef0c.txt");
    let doc = sheetwash::convert::convert_path(&path, &sheetwash::convert::ConvertOptions::default()).unwrap();
    let json = serde_json::to_value(&doc).unwrap();
    std::fs::write("/tmp/xb/doc.json", serde_json::to_string_pretty(&json).unwrap()).unwrap();
    println!("{:?}", sheetwash::emit::validate_document(&json).err());
}
