"""Create the staff roles (groups) with their permissions, and the compliance review workflow.

Every installation needs these, with or without demo content, so they are data, not fixtures.
The role definitions live in isms.roles; this migration applies them as they were when it was
written (later changes to roles get migrations of their own).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Compliance officers": {
        "page": ("add_page", "change_page", "publish_page", "lock_page"),
        "model": (
            "wagtailadmin.access_admin",
            "policies.view_documentversion",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            "isms.change_organisationsettings",
        ),
    },
    "Security engineers": {
        "page": ("add_page", "change_page"),
        "model": (
            "wagtailadmin.access_admin",
            "policies.view_documentversion",
            "wagtailimages.choose_image",
            "wagtaildocs.choose_document",
        ),
    },
    "Sales": {"page": (), "model": ("wagtailadmin.access_admin",)},
    "Auditors": {"page": (), "model": ()},
}
WORKFLOW_NAME = "Compliance review"
TASK_NAME = "Compliance officer approval"


def _ensure_permissions(apps):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    root = Page.objects.get(depth=1)
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in grants["model"]:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        for codename in grants["page"]:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )
    _create_review_workflow(apps, root, Group.objects.get(name="Compliance officers"))


def _create_review_workflow(apps, root, officers):
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([officers])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Replaces Wagtail's default "Moderators approval" on the whole tree.
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("isms", "0001_initial"),
        ("policies", "0002_document_version_immutable"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
