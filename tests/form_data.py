"""What the admin's page forms post, for the tests that fill them."""

from wagtail.test.utils.form_data import nested_form_data


def admin_form_data(data, multiple=()):
    """`data` as an admin page form posts it: nested_form_data() for the
    StreamFields and inline panels, but each field named in `multiple`
    (checkboxes, multiple choices) as one key with several values, which
    nested_form_data would turn into numbered keys."""
    data = dict(data)
    lists = {name: data.pop(name, []) for name in multiple}
    return {**nested_form_data(data), **lists}
