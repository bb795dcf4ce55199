"""The demo help content of a small web agency: knowledge articles (Markdown), the solutions
its support team recorded, and the cases clients raise. Data only; crm.demo.support seeds it."""

# url_name, title, summary, body, final status
ARTICLES = [
    (
        "pointing-your-domain-dns",
        "Pointing your domain at our servers (DNS changes)",
        "Which DNS records to change at your registrar when we launch your site, and why it "
        "can take a few hours to show everywhere.",
        """When we launch a new site, your domain has to point at our hosting. You keep the domain
at your registrar (GoDaddy, Namecheap, Google Domains, …); only two records change.

## The records

| Type  | Name | Value             | TTL  |
|-------|------|-------------------|------|
| A     | @    | `203.0.113.10`    | 3600 |
| CNAME | www  | `sites.agency.example` | 3600 |

Leave your **MX** records alone: they deliver your email.

## Steps

1. Sign in to your registrar and open *DNS* or *Manage zone*.
2. Edit the existing `A` record for `@` (do not add a second one).
3. Edit or add the `CNAME` for `www`.
4. Save, then tell us: we issue the SSL certificate once the records resolve.

## How long does it take?

Most visitors see the new site within an hour; some networks cache the old address for up
to 48 hours. You can check with:

```bash
dig +short example.com
dig +short www.example.com
```
""",
        "published",
    ),
    (
        "ssl-certificate-renewal",
        "SSL certificates: automatic renewal and what to do when it fails",
        "Every site we host gets a free certificate that renews itself. Here is how to spot "
        "and fix the rare failed renewal.",
        """Certificates are issued by Let's Encrypt and renew **30 days before they expire**.

## Signs that a renewal failed

* Browsers show *Your connection is not private*.
* Our uptime monitor opens a case automatically 14 days before expiry.

## Common causes

1. The domain's DNS no longer points at us (see *Pointing your domain at our servers*).
2. A `CAA` record at the registrar only allows another certificate authority.
3. A firewall or CDN in front of the site blocks `/.well-known/acme-challenge/`.

## Fix

Correct the record, then ask us to re-run the renewal; it takes about a minute.
""",
        "published",
    ),
    (
        "wordpress-core-and-plugin-updates",
        "How we handle WordPress core and plugin updates",
        "Monthly maintenance: staging first, then production, with a backup in between.",
        """Sites on a care plan are updated on the **second Tuesday of each month**.

1. We take a full backup (files and database).
2. We update core, themes and plugins on the *staging* copy.
3. We run visual checks on the key pages and test every form.
4. Only then do we update production.

Security releases are applied within 48 hours, outside the monthly window.

> Please don't update plugins yourself on production: a plugin that conflicts with the
> theme can take the site down. Ask us and we will schedule it.
""",
        "published",
    ),
    (
        "restoring-a-site-from-backup",
        "Restoring your site from a backup",
        "We keep 30 days of nightly backups. How to ask for a restore and what it overwrites.",
        """Backups run every night at 02:00 UTC and are kept for **30 days**, off-site.

## Before you ask

* A restore overwrites **everything** changed since the backup: orders, form entries,
  new pages. Tell us if some content must be kept; we can restore files only, or the
  database only.
* Note the date and time when the site was last right.

## How we restore

```bash
wp db export before-restore.sql   # a safety copy of today's state
wp db import backup-2026-11-28.sql
wp cache flush
```

A full restore takes 15–30 minutes. We confirm on the case when it is done.
""",
        "published",
    ),
    (
        "contact-form-emails-not-arriving",
        "Contact form emails are not arriving",
        "Most missing form emails are caught by spam filters because the site sends as your "
        "domain without permission. SPF and DKIM fix it.",
        """If form submissions show in the site's *Entries* but never reach your inbox:

1. Check the spam folder and any quarantine of your email provider.
2. Make sure your domain's **SPF** record includes our mail relay:
   `v=spf1 include:_spf.agency.example include:_spf.google.com ~all`
3. Add the **DKIM** record we send you.

Entries are always stored on the site, so nothing is lost while this is fixed.
""",
        "published",
    ),
    (
        "adding-a-user-to-your-website",
        "Giving a colleague access to your website",
        "Roles explained (Editor, Shop manager, Administrator) and how to invite someone.",
        """Go to **Users → Add New**, enter their email and choose the smallest role that works:

* **Editor** — pages, posts and media.
* **Shop manager** — orders and products (online shops only).
* **Administrator** — everything, including plugins. Keep this to one or two people.

They receive an email to set their own password. Remove people who leave the same day.
""",
        "published",
    ),
    (
        "website-is-slow",
        "My website feels slow: first checks",
        "Quick checks before we dig in: images, caching and third-party scripts.",
        """* Large photos are the usual culprit: upload images under 500 KB.
* Clear the cache from the admin bar (*Purge cache*).
* Chat widgets, booking tools and ad pixels add seconds: tell us which ones you use.

We measure with PageSpeed Insights and send you the before/after numbers.
""",
        "published",
    ),
    (
        "google-analytics-4-setup",
        "Google Analytics 4 on your site",
        "How we install GA4, the consent banner, and how to give us access.",
        """We install GA4 through Google Tag Manager and only after the visitor accepts the
consent banner. To give us access, add `analytics@agency.example` as an *Editor* in
**Admin → Property access management**.
""",
        "draft",
    ),
    (
        "moving-email-to-google-workspace",
        "Moving your email to Google Workspace",
        "The MX records to change and the order of steps that avoids losing mail.",
        """1. Create the users in Google Workspace first.
2. Verify the domain with the TXT record Google gives you.
3. Replace the **MX** records with Google's (`smtp.google.com`, priority 1).
4. Migrate old mail with the Data Migration service.

Mail sent during the switch is delivered to one of the two systems, never lost.
""",
        "draft",
    ),
    (
        "ftp-access-legacy",
        "FTP access to your hosting (retired)",
        "We no longer offer plain FTP; use SFTP with the key we send you.",
        """Plain FTP sent passwords in clear text and was switched off in 2025. Use **SFTP** on
port 22 with the key we send you, or ask us to upload the files for you.
""",
        "archived",
    ),
]

# title, details, status
SOLUTIONS = [
    ("Re-point the A record after a registrar transfer",
     "Registrar transfers reset the zone. Re-create the A and www CNAME records from the DNS "
     "article, then re-issue the certificate.", "reviewed"),
    ("Remove the CAA record blocking Let's Encrypt",
     "A CAA record allowed only the old certificate authority. Add `0 issue \"letsencrypt.org\"` "
     "or remove the record, then re-run the renewal.", "reviewed"),
    ("Add SPF and DKIM for the site's mail relay",
     "Form emails were rejected by the recipient's server. Added our relay to SPF and published "
     "the DKIM key; tested with mail-tester (10/10).", "reviewed"),
    ("Roll back a plugin update from the nightly backup",
     "A plugin update broke the checkout. Restored the plugin folder and database tables from "
     "last night's backup and pinned the plugin version until the vendor fixes it.", "reviewed"),
    ("Compress oversized hero images",
     "Home page loaded 14 MB of images. Converted them to WebP under 300 KB each; LCP went from "
     "6.1 s to 1.8 s.", "reviewed"),
    ("Purge the CDN cache after content changes",
     "Edits did not show because the CDN kept the old page. Purged the cache and shortened the "
     "HTML cache to 10 minutes.", "draft"),
    ("Reset a locked-out administrator",
     "Sent a password reset link after confirming the request with the account's primary "
     "contact by phone.", "draft"),
    ("Purge the CDN cache when edits don't show",
     "Same fix as 'Purge the CDN cache after content changes'.", "duplicate"),
]  # fmt: skip

# subject, priority, status, origin, type, days ago, solution titles, article url_names,
# resolution
CASES = [
    ("Website shows 'connection not private'", "high", "closed", "phone", "problem", 24,
     ["Remove the CAA record blocking Let's Encrypt"], ["ssl-certificate-renewal"],
     "Removed the old CAA record and re-issued the certificate."),
    ("Contact form emails not arriving", "high", "in_progress", "email", "problem", 3,
     ["Add SPF and DKIM for the site's mail relay"], ["contact-form-emails-not-arriving"], ""),
    ("Checkout broken after plugin update", "high", "escalated", "phone", "problem", 1,
     ["Roll back a plugin update from the nightly backup"], [], ""),
    ("Site down after domain transfer", "high", "new", "phone", "problem", 0, [], [], ""),
    ("Home page very slow on mobile", "medium", "in_progress", "web", "problem", 6,
     ["Compress oversized hero images"], ["website-is-slow"], ""),
    ("Please add our new office manager as an editor", "low", "closed", "email", "question",
     18, [], ["adding-a-user-to-your-website"], "Invited her as an Editor."),
    ("Restore the blog post deleted yesterday", "medium", "closed", "email", "maintenance", 12,
     [], ["restoring-a-site-from-backup"], "Restored the post from the nightly backup."),
    ("Monthly WordPress updates for November", "low", "in_progress", "other", "maintenance",
     9, [], ["wordpress-core-and-plugin-updates"], ""),
    ("Can we show Instagram posts on the home page?", "low", "new", "web", "feature_request",
     4, [], [], ""),
    ("SSL expiry warning from the uptime monitor", "medium", "new", "other", "maintenance", 2,
     [], ["ssl-certificate-renewal"], ""),
    ("Edits to the menu page don't show", "medium", "closed", "phone", "problem", 15,
     ["Purge the CDN cache after content changes"], [], "Purged the CDN cache."),
    ("Locked out of the website admin", "high", "closed", "phone", "question", 8,
     ["Reset a locked-out administrator"], [], "Sent a reset link after phone verification."),
    ("Move www to the new hosting", "medium", "escalated", "email", "maintenance", 5,
     ["Re-point the A record after a registrar transfer"], ["pointing-your-domain-dns"], ""),
    ("Add a booking widget to the services page", "low", "in_progress", "web",
     "feature_request", 11, [], [], ""),
    ("Newsletter signup form shows an error", "medium", "new", "web", "problem", 1, [], [], ""),
    ("Google says the sitemap can't be read", "low", "closed", "email", "problem", 30, [], [],
     "Regenerated the sitemap and resubmitted it in Search Console."),
    ("Product images look blurry", "low", "new", "email", "problem", 7, [], [], ""),
    ("Emails from the shop land in spam", "high", "in_progress", "email", "problem", 2,
     ["Add SPF and DKIM for the site's mail relay"], ["contact-form-emails-not-arriving"], ""),
    ("Restore last week's version of the pricing page", "medium", "escalated", "phone",
     "maintenance", 3, [], ["restoring-a-site-from-backup"], ""),
    ("How do I change the opening hours in the footer?", "low", "closed", "email", "question",
     20, [], [], "Showed the client the footer widget; they changed it themselves."),
    ("Cookie banner covers the Book button on phones", "medium", "new", "web", "problem", 0,
     [], [], ""),
    ("Old FTP password no longer works", "low", "closed", "email", "question", 40, [],
     ["ftp-access-legacy"], "Sent the SFTP key and instructions."),
    ("Set up GA4 before the campaign launch", "medium", "in_progress", "email",
     "feature_request", 4, [], [], ""),
    ("Page builder crashes when editing the home page", "high", "new", "phone", "problem", 1,
     [], [], ""),
    ("Add a second language (Spanish)", "low", "new", "email", "feature_request", 14, [], [],
     ""),
]  # fmt: skip
