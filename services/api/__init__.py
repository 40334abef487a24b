"""The integrations API: API keys, OAuth connect for Gmail and Outlook, IMAP, disconnect."""
