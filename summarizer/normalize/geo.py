"""Countries and places, gathered for the pipeline: country naming (:mod:`.country_names`)
and the gazetteer (:mod:`.places`)."""

from __future__ import annotations

from summarizer.normalize.country_names import (
    countries_in,
    country_code,
    country_name,
    is_demonym,
    most_named_country,
)
from summarizer.normalize.places import (
    article_countries,
    capitalised_runs,
    country_of_place,
    country_of_place_with_rule,
    is_town,
    town_of_another_country,
)

__all__ = ["article_countries", "capitalised_runs", "countries_in",
           "country_code", "country_name", "country_of_place", "country_of_place_with_rule",
           "is_demonym", "is_town", "most_named_country", "town_of_another_country"]
