"""The WordPress eXtended RSS (WXR) 1.2 vocabulary: namespaces, names and the meta keys
this site adds, in one place for the exporter (``briefs.exports``) and the importer
(``briefs.imports``), which read the same strings from here so that what one writes the
other finds.

WXR is RSS 2.0 with WordPress's own elements, in the namespaces and order that
WordPress's ``wp-admin/includes/export.php`` writes and its importer reads. What WordPress
has no place for travels in this site's own post meta (``_briefs_*``, which WordPress keeps
and hides) and in the ``briefs:`` elements of an author (which WordPress's importer skips).
"""

from types import MappingProxyType

WXR_VERSION = "1.2"

RSS = None  # RSS 2.0's own elements (title, link, item, category...) have no namespace
EXCERPT = "http://wordpress.org/export/1.2/excerpt/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
WFW = "http://wellformedweb.org/CommentAPI/"
DC = "http://purl.org/dc/elements/1.1/"
WP = "http://wordpress.org/export/1.2/"
# This site's own elements (an author's role and biography), which WordPress skips.
BRIEFS = "urn:policy-briefs:wxr:1.0"
# WordPress's namespace of an export of WXR version ``{}`` (1.0, 1.1 and 1.2 are read).
WP_OF_VERSION = "http://wordpress.org/export/{}/"
READ_VERSIONS = ("1.0", "1.1", "1.2")

# Prefix -> namespace, as WordPress declares them on <rss>, and this site's.
NSMAP = MappingProxyType(
    {"excerpt": EXCERPT, "content": CONTENT, "wfw": WFW, "dc": DC, "wp": WP, "briefs": BRIEFS}
)


def wp(name):
    """The qualified name of ``wp:name``, as lxml writes and reads it."""
    return f"{{{WP}}}{name}"


# WordPress's post statuses, and what a brief's state is called in them.
STATUS_PUBLISH = "publish"  # public now
STATUS_FUTURE = "future"  # published, with a publish time still to come
STATUS_DRAFT = "draft"
STATUS_PENDING = "pending"  # in review
STATUS_PRIVATE = "private"

POST_TYPE_POST = "post"
POST_TYPE_ATTACHMENT = "attachment"

TAXONOMY_CATEGORY = "category"
TAXONOMY_TAG = "post_tag"

# WordPress writes this for the GMT date of a draft that has no publish time yet.
NO_DATE = "0000-00-00 00:00:00"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

# Parent categories that group the site's terms in WordPress's category tree.
COUNTRIES_CATEGORY = "countries"
SERIES_CATEGORY = "series"
# A series' category is "series-<slug>", so it never takes the name of a country's.
SERIES_CATEGORY_PREFIX = "series-"

# WordPress's own meta keys.
META_THUMBNAIL = "_thumbnail_id"
META_ATTACHED_FILE = "_wp_attached_file"
META_IMAGE_ALT = "_wp_attachment_image_alt"
META_FOOTNOTES = "footnotes"  # WordPress 6.3+ core footnotes, a JSON list

# This site's meta keys, for an importer that wants back what WordPress has no place for.
META_SERIES = "_briefs_series"  # the series' slug
META_SERIES_POSITION = "_briefs_series_position"
META_TYPE = "_briefs_type"  # the content type's slug (brief, commentary, report...)
META_AUTHORS = "_briefs_authors"  # author slugs (wp:author_login) in byline order, by commas
META_COUNTRY_CODES = "_briefs_country_codes"  # ISO 3166-1 alpha-2 codes, by commas
META_KEY_POINTS = "_briefs_key_points"  # one point a line
META_KEY_POINTS_LABEL = "_briefs_key_points_label"
META_SOURCES = "_briefs_sources"  # the sources (notes) field, sanitized HTML
META_SEO_TITLE = "_briefs_seo_title"
META_SEO_DESCRIPTION = "_briefs_seo_description"
META_CREDIT = "_briefs_credit"  # an image's source or credit line
META_ISO_CODE = "_briefs_iso_code"  # term meta of a country's category
# The publish and last-change times to the microsecond, ISO 8601 in UTC: WordPress's own
# dates stop at the second, and a brief published with "Publish now" has a fraction.
META_PUBLISH_TIME = "_briefs_publish_time"
META_MODIFIED_TIME = "_briefs_modified_time"

# An author's role (or affiliation) and biography: elements of ``wp:author`` in BRIEFS.
AUTHOR_ROLE = "role"
AUTHOR_BIO = "bio"

# Class names on blocks the exporter adds to the content, so an importer can find them.
KEY_POINTS_CLASS = "briefs-key-points"
SOURCES_CLASS = "briefs-sources"


def qualified(namespace, name):
    """The qualified name of ``name`` in ``namespace``, as lxml writes and reads it."""
    return f"{{{namespace}}}{name}"
