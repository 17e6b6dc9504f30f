"""Sign-in with FranceConnect and ProConnect (OpenID Connect) and identity proofs (issue #19)."""
