"""WXR exports written by the tests themselves: WordPress 6 and Squarespace style, and broken
ones. Shared by the importer's tests, the exporter's and the benchmark (``bench/import_wxr.py``).

``Post``/``Attachment`` describe items; ``wxr()`` writes an export holding them. The named
builders (``wordpress6_export`` ...) write the standard fixtures into a folder and return
the file's path.
"""

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image

SITE = "https://old.example.org"
WP_VERSION = "1.2"


def cdata(text):
    """``text`` in CDATA sections (a ``]]>`` inside is split, as WordPress does)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class Post:
    post_id: int
    title: str
    content: str = ""
    slug: str = ""
    status: str = "publish"
    date_gmt: str = "2022-05-03 10:00:00"
    creator: str = "anna"
    excerpt: str = ""
    categories: list = field(default_factory=list)  # names
    tags: list = field(default_factory=list)
    post_type: str = "post"
    link: str | None = None  # default: /YYYY/MM/DD/slug/
    guid: str | None = None  # default: SITE/?p=ID
    thumbnail_id: int | None = None
    meta: dict = field(default_factory=dict)

    def xml(self, site=SITE):
        slug = self.slug or f"post-{self.post_id}"
        day = self.date_gmt[:10].replace("-", "/") if self.date_gmt[:4] != "0000" else "draft"
        link = self.link if self.link is not None else f"{site}/{day}/{slug}/"
        guid = self.guid if self.guid is not None else f"{site}/?p={self.post_id}"
        terms = "".join(
            f'<category domain="category" nicename="{escape(slugify(name))}">{cdata(name)}'
            "</category>"
            for name in self.categories
        ) + "".join(
            f'<category domain="post_tag" nicename="{escape(slugify(name))}">{cdata(name)}'
            "</category>"
            for name in self.tags
        )
        meta = dict(self.meta)
        if self.thumbnail_id:
            meta["_thumbnail_id"] = str(self.thumbnail_id)
        postmeta = "".join(
            f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
            f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
            for key, value in meta.items()
        )
        return f"""
  <item>
    <title>{cdata(self.title)}</title>
    <link>{escape(link)}</link>
    <pubDate>Tue, 03 May 2022 10:00:00 +0000</pubDate>
    <dc:creator>{cdata(self.creator)}</dc:creator>
    <guid isPermaLink="false">{escape(guid)}</guid>
    <description></description>
    <content:encoded>{cdata(self.content)}</content:encoded>
    <excerpt:encoded>{cdata(self.excerpt)}</excerpt:encoded>
    <wp:post_id>{self.post_id}</wp:post_id>
    <wp:post_date>{cdata(self.date_gmt)}</wp:post_date>
    <wp:post_date_gmt>{cdata(self.date_gmt)}</wp:post_date_gmt>
    <wp:comment_status>{cdata("open")}</wp:comment_status>
    <wp:post_name>{cdata(self.slug)}</wp:post_name>
    <wp:status>{cdata(self.status)}</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>{cdata(self.post_type)}</wp:post_type>
    <wp:post_password>{cdata("")}</wp:post_password>
    {terms}{postmeta}
  </item>"""


@dataclass
class Attachment:
    post_id: int
    url: str
    title: str = "An image"
    alt: str = ""
    caption: str = ""
    parent: int = 0

    def xml(self, site=SITE):
        meta = (
            "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
            f"<wp:meta_value>{cdata(self.alt)}</wp:meta_value></wp:postmeta>"
            if self.alt
            else ""
        )
        return f"""
  <item>
    <title>{cdata(self.title)}</title>
    <link>{escape(site)}/?attachment_id={self.post_id}</link>
    <guid isPermaLink="false">{escape(self.url)}</guid>
    <content:encoded>{cdata("")}</content:encoded>
    <excerpt:encoded>{cdata(self.caption)}</excerpt:encoded>
    <wp:post_id>{self.post_id}</wp:post_id>
    <wp:post_date_gmt>{cdata("2022-05-01 09:00:00")}</wp:post_date_gmt>
    <wp:post_name>{cdata(slugify(self.title))}</wp:post_name>
    <wp:status>{cdata("inherit")}</wp:status>
    <wp:post_parent>{self.parent}</wp:post_parent>
    <wp:post_type>{cdata("attachment")}</wp:post_type>
    <wp:attachment_url>{cdata(self.url)}</wp:attachment_url>
    {meta}
  </item>"""


def slugify(name):
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


AUTHORS = [
    ("anna", "Anna Petrosyan", "anna@old.example.org"),
    ("giorgi", "Giorgi Beridze", "giorgi@old.example.org"),
]


def wxr(items, *, site=SITE, authors=AUTHORS, categories=(), tags=(), version=WP_VERSION):
    """A whole export holding ``items`` (``Post``, ``Attachment`` or raw XML strings)."""
    author_xml = "".join(
        f"""
  <wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>
    <wp:author_email>{cdata(email)}</wp:author_email>
    <wp:author_display_name>{cdata(name)}</wp:author_display_name>
    <wp:author_first_name>{cdata(name.split()[0])}</wp:author_first_name>
    <wp:author_last_name>{cdata(name.split()[-1])}</wp:author_last_name></wp:author>"""
        for number, (login, name, email) in enumerate(authors, 1)
    )
    category_xml = "".join(
        f"""
  <wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>{cdata(slugify(name))}</wp:category_nicename>
    <wp:category_parent>{cdata("")}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>"""
        for n, name in enumerate(categories, 1)
    )
    tag_xml = "".join(
        f"""
  <wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>{cdata(slugify(name))}</wp:tag_slug>
    <wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>"""
        for n, name in enumerate(tags, 100)
    )
    body = "".join(item if isinstance(item, str) else item.xml(site) for item in items)
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
  <title>Old Think Tank</title>
  <link>{escape(site)}</link>
  <description>Analysis</description>
  <language>en-US</language>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{escape(site)}</wp:base_site_url>
  <wp:base_blog_url>{escape(site)}</wp:base_blog_url>
  <generator>https://wordpress.org/?v=6.4.2</generator>
{author_xml}{category_xml}{tag_xml}{body}
</channel>
</rss>
"""


def image_bytes(color=(200, 60, 40), size=(64, 48), image_format="PNG"):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    return buffer.getvalue()


GUTENBERG_BODY = (
    "<!-- wp:paragraph -->\n<p>Armenia and Azerbaijan met in May. The talks went on for "
    "three days.</p>\n<!-- /wp:paragraph -->\n\n"
    '<!-- wp:image {"id":501,"sizeSlug":"large"} -->\n'
    '<figure class="wp-block-image size-large"><img src="'
    f'{SITE}/wp-content/uploads/2022/05/map-1024x768.png" alt="Map of the border" '
    'class="wp-image-501"/><figcaption>The border after 2020</figcaption></figure>\n'
    "<!-- /wp:image -->\n\n"
    '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=xyz","type":"video"} -->\n'
    '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\n'
    "https://www.youtube.com/watch?v=xyz\n</div></figure>\n<!-- /wp:embed -->\n\n"
    "<!-- wp:heading -->\n<h2>What comes next</h2>\n<!-- /wp:heading -->\n\n"
    '<!-- wp:paragraph -->\n<p>A <a href="https://example.com/treaty">treaty</a> is '
    '[contact-form-7 id="12"] near.</p>\n<!-- /wp:paragraph -->'
)
CLASSIC_BODY = (
    "The first paragraph of a classic post. It has two sentences.\n\n"
    '[caption id="attachment_502" align="aligncenter" width="600"]<img class="size-full '
    f'wp-image-502" src="{SITE}/wp-content/uploads/2021/11/chart.png" alt="" width="600" '
    'height="400" /> Exports by year[/caption]\n\n'
    "A second paragraph\nwith a line break.\n\n"
    "https://twitter.com/someone/status/1\n\n"
    '<img src="/wp-content/uploads/2021/11/missing.png" alt="Lost picture" />'
)


def wordpress6_posts():
    """The posts of the WordPress 6 fixture, one per rule the importer follows."""
    return [
        Attachment(501, f"{SITE}/wp-content/uploads/2022/05/map.png", "Map", alt="Border map"),
        Attachment(502, f"{SITE}/wp-content/uploads/2021/11/chart.png", "Chart", caption="Exports"),
        Attachment(503, f"{SITE}/wp-content/uploads/2022/05/hero.png", "Hero", alt="Delegates"),
        Post(
            101,
            "Talks on the border",
            GUTENBERG_BODY,
            slug="talks-on-the-border",
            categories=["Armenia", "Azerbaijan", "Security"],
            tags=["Türkiye", "Russian Federation", "peace talks"],
            thumbnail_id=503,
        ),
        Post(
            102,
            "A classic post",
            CLASSIC_BODY,
            slug="a-classic-post",
            creator="giorgi",
            date_gmt="2021-11-20 08:30:00",
            excerpt="<p>The excerpt, written by hand.</p>",
            categories=["Moldova", "Uncategorized"],
            tags=["Turkey", "energy"],
        ),
        Post(
            103,
            "A draft",
            "<p>Not yet.</p>",
            slug="",
            status="draft",
            date_gmt="0000-00-00 00:00:00",
        ),
        Post(104, "Waiting for review", "<p>Soon.</p>", slug="waiting", status="pending"),
        Post(
            105,
            "For later",
            "<p>Scheduled.</p>",
            slug="for-later",
            status="future",
            date_gmt="2099-01-01 00:00:00",
        ),
        Post(106, "Private notes", "<p>Only us.</p>", slug="private-notes", status="private"),
        Post(107, "Thrown away", "<p>Gone.</p>", slug="thrown-away", status="trash"),
        Post(108, "About us", "<p>A page.</p>", slug="about", post_type="page"),
    ]


CATEGORIES = ["Armenia", "Azerbaijan", "Security", "Moldova", "Uncategorized"]
TAGS = ["Türkiye", "Russian Federation", "peace talks", "Turkey", "energy"]


def write(folder, name, text):
    path = Path(folder) / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def wordpress6_export(folder, posts=None):
    return write(
        folder,
        "wordpress.xml",
        wxr(posts or wordpress6_posts(), categories=CATEGORIES, tags=TAGS),
    )


def media_folder(folder):
    """A copy of wp-content/uploads with the fixture's images (one left out on purpose:
    ``missing.png``); the map only under its full size name, as WordPress keeps it."""
    uploads = Path(folder) / "uploads"
    for relative, color in (
        ("2022/05/map.png", (10, 120, 200)),
        ("2021/11/chart.png", (20, 160, 80)),
        ("2022/05/hero.png", (200, 160, 20)),
    ):
        path = uploads / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image_bytes(color))
    return uploads


def squarespace_export(folder):
    """Squarespace writes WXR 1.2 with /blog/slug links, GUIDs of its own, no attachments
    and no categories block."""
    site = "https://old-think-tank.squarespace.com"
    posts = [
        Post(
            1,
            "Neutrality after 2022",
            "<p>Moldova and neutrality.</p><p>More text here.</p>",
            slug="neutrality-after-2022",
            link=f"{site}/blog/neutrality-after-2022",
            guid="5f1a2b3c4d5e6f7a8b9c0d1e",
            categories=["Moldova"],
            tags=["neutrality"],
            date_gmt="2023-01-15 12:00:00",
        ),
    ]
    return write(
        folder,
        "squarespace.xml",
        wxr(posts, site=site, authors=[("anna", "Anna Petrosyan", "a@x")]),
    )


def malformed_export(folder):
    text = wxr([Post(1, "Fine", "<p>ok</p>")]).replace("</wp:post_id>", "</wp:postid>", 1)
    return write(folder, "malformed.xml", text)


def entity_bomb_export(folder):
    """The billion laughs: ten levels of ten references."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<!DOCTYPE rss [", '<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    lines += ["]>", "<rss><channel><title>&lol9;</title></channel></rss>"]
    return write(folder, "bomb.xml", "\n".join(lines))


def external_entity_export(folder):
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM '
        '"file:///etc/passwd">]>\n<rss><channel><title>&secret;</title></channel></rss>'
    )
    return write(folder, "external.xml", text)
