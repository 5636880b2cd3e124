"""The data step of the migrations that left each page one summary and one
listing image (issue 9): the « Résumé » is Wagtail's `search_description`,
the image `listing_image`. Every app with page types runs it on its models,
before removing `listing_summary`, `social_text` and `social_image`.

The summary keeps what readers saw as the meta description: the search
description, else the listing summary, else the sharing text. The image is
the listing image, else the sharing image. Drafts get the same treatment in
their revisions, so that publishing one later does not bring back an empty
summary. Going back leaves the values where they are (the old code read the
search description and the listing image first too)."""

SUMMARY_FIELDS = ("search_description", "listing_summary", "social_text")
IMAGE_FIELDS = ("listing_image", "social_image")
# What the migrations after this one remove.
REMOVED_FIELDS = ("listing_summary", "social_text", "social_image")


def merged(values, names):
    """The first of `names` filled in `values`, else None."""
    return next((values[name] for name in names if values.get(name)), None)


def merge_promote_fields(app_label, model_names):
    """A RunPython forward function for these page models of `app_label`."""

    def forward(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Revision = apps.get_model("wagtailcore", "Revision")
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            for page in model.objects.all():
                values = {
                    "search_description": page.search_description,
                    "listing_summary": page.listing_summary,
                    "social_text": page.social_text,
                    "listing_image": page.listing_image_id,
                    "social_image": page.social_image_id,
                }
                summary = merged(values, SUMMARY_FIELDS) or ""
                image = merged(values, IMAGE_FIELDS)
                if (summary, image) != (page.search_description, page.listing_image_id):
                    model.objects.filter(pk=page.pk).update(
                        search_description=summary, listing_image_id=image
                    )
            content_type = ContentType.objects.filter(
                app_label=app_label, model=model_name.lower()
            ).first()
            if content_type is None:
                continue
            for revision in Revision.objects.filter(content_type=content_type):
                content = revision.content
                if not any(name in content for name in REMOVED_FIELDS):
                    continue
                content["search_description"] = merged(content, SUMMARY_FIELDS) or ""
                content["listing_image"] = merged(content, IMAGE_FIELDS)
                for name in REMOVED_FIELDS:
                    content.pop(name, None)
                revision.content = content
                revision.save(update_fields=["content"])

    return forward
