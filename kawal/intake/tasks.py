"""Background tasks (django-tasks, database backend): thin wrappers around services."""

from __future__ import annotations

from django_tasks import task

from kawal.intake.pipeline import run_job


@task()
def run_import(job_id: int) -> str:
    """Run import job ``job_id``; returns its final status."""
    return run_job(job_id).status
