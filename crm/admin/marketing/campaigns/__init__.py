"""Campaigns on screen: record page, cards, Add to campaign, web-to-lead key."""
