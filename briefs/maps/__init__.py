"""The map of countries: which countries have public briefs, shaded by how many, as the
shapes, box and legend that ``templates/includes/country_map.html`` draws as inline SVG."""
