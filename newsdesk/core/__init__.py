"""The shared floor every newsdesk app stands on; it imports none of them."""
