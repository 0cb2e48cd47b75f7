//! Content hashes as policyc writes them everywhere (the manifest, the
//! history's object names): `sha256:` and 64 hex digits.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// `sha256:` and the hex digest of `bytes`.
pub fn sha256_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256:");
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_sha256_in_lower_case_hex() {
        assert_eq!(
            super::sha256_id(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
