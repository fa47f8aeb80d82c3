"""newsdesk: self-hosted, privacy-first news publishing."""

__version__ = "0.1.0"
