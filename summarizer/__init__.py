"""summarizer: typed, grounded briefs of news articles about military strikes."""
