"""News feeds: fetch (client.py), parse (parse.py), match to waves (matching.py), write (services.py),
read (selectors.py). Models live in content/models/feeds.py."""
