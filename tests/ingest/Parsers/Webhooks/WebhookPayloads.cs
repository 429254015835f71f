namespace Platform.Insights.Ingest.Tests.Parsers.Webhooks;

/// <summary>
/// Webhook bodies as the senders document them: GitHub's <c>deployment_status</c> example payload (the shape of GitHub's
/// webhook events documentation and its octokit/webhooks examples, trimmed of the long URL lists), and an Argo CD
/// notification rendered from the README's template.
/// </summary>
public static class WebhookPayloads
{
    /// <param name="payload">The deployment's <c>payload</c> as JSON (what the deployer passed to "Create a deployment").</param>
    /// <param name="headCommitAt">When set, a <c>workflow_run</c> (the deployment was made by GitHub Actions) whose head commit has this timestamp.</param>
    public static string GitHubDeploymentStatus(
        string state = "success", long statusId = 2_784_301_239, string repository = "Codertocat/Hello-World", string payload = "{}", string? headCommitAt = null) => $$"""
        {
          "action": "created",
          "deployment_status": {
            "url": "https://api.github.com/repos/{{repository}}/deployments/326191728/statuses/{{statusId}}",
            "id": {{statusId}},
            "node_id": "MDE2OkRlcGxveW1lbnRTdGF0dXM0NDQxMjAxNzA=",
            "state": "{{state}}",
            "creator": { "login": "Codertocat", "id": 21031067, "type": "User", "site_admin": false },
            "description": "",
            "environment": "production",
            "target_url": "https://deploy.example.com/runs/42",
            "created_at": "2019-05-15T15:20:55Z",
            "updated_at": "2019-05-15T15:21:03Z",
            "deployment_url": "https://api.github.com/repos/{{repository}}/deployments/326191728",
            "repository_url": "https://api.github.com/repos/{{repository}}"
          },
          "deployment": {
            "url": "https://api.github.com/repos/{{repository}}/deployments/326191728",
            "id": 326191728,
            "node_id": "MDEwOkRlcGxveW1lbnQzMjYxOTE3Mjg=",
            "sha": "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
            "ref": "master",
            "task": "deploy",
            "payload": {{payload}},
            "original_environment": "production",
            "environment": "production",
            "description": null,
            "creator": { "login": "Codertocat", "id": 21031067, "type": "User", "site_admin": false },
            "created_at": "2019-05-15T15:20:53Z",
            "updated_at": "2019-05-15T15:20:55Z",
            "statuses_url": "https://api.github.com/repos/{{repository}}/deployments/326191728/statuses",
            "repository_url": "https://api.github.com/repos/{{repository}}"
          },
          "repository": {
            "id": 186853002,
            "node_id": "MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=",
            "name": "{{repository.Split('/')[1]}}",
            "full_name": "{{repository}}",
            "private": false,
            "owner": { "login": "{{repository.Split('/')[0]}}", "id": 21031067, "type": "User" },
            "html_url": "https://github.com/{{repository}}",
            "default_branch": "master"
          },
          {{(headCommitAt is null ? "" : WorkflowRun(repository, headCommitAt))}}
          "sender": { "login": "Codertocat", "id": 21031067, "type": "User", "site_admin": false }
        }
        """;

    // The workflow_run of a deployment made by GitHub Actions (octokit/webhooks' deployment_status schema), trimmed of URLs.
    private static string WorkflowRun(string repository, string headCommitAt) => $$"""
        "workflow_run": {
            "id": 9207305941,
            "name": "Deploy",
            "node_id": "WFR_kwLOCyIy8c8AAAACJMq-1Q",
            "head_branch": "master",
            "head_sha": "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
            "path": ".github/workflows/deploy.yml",
            "display_title": "Deploy to production",
            "run_number": 42,
            "event": "push",
            "status": "in_progress",
            "conclusion": null,
            "workflow_id": 101010,
            "check_suite_id": 23123921,
            "check_suite_node_id": "CS_kwDOCyIy8c8AAAAFYiQ",
            "pull_requests": [],
            "created_at": "2019-05-15T15:20:40Z",
            "updated_at": "2019-05-15T15:20:52Z",
            "run_attempt": 1,
            "run_started_at": "2019-05-15T15:20:40Z",
            "head_commit": {
              "id": "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
              "tree_id": "5b8e4e3a0bbfc0b0d4e6b4b4e7dd29f7c0e2b9f1",
              "message": "Fix the checkout total",
              "timestamp": "{{headCommitAt}}",
              "author": { "name": "Codertocat", "email": "21031067+Codertocat@users.noreply.github.com" },
              "committer": { "name": "GitHub", "email": "noreply@github.com" }
            },
            "html_url": "https://github.com/{{repository}}/actions/runs/9207305941"
          },
        """;

    /// <param name="extra">More template fields, e.g. <c>"firstCommitAt": "…",</c> (with the trailing comma).</param>
    public static string ArgoCd(
        string phase = "Succeeded", string sync = "Synced", string health = "Healthy", string app = "guestbook", string? environment = null, string extra = "",
        string finishedAt = "2024-05-02T10:14:41Z", string revision = "53e28ff20cc530b9ada2173fbbd64d48338583ba") => $$"""
        {
          "app": "{{app}}",
          "project": "default",
          {{(environment is null ? "" : $"\"environment\": \"{environment}\",")}}
          {{extra}}
          "namespace": "guestbook-prod",
          "revision": "{{revision}}",
          "phase": "{{phase}}",
          "syncStatus": "{{sync}}",
          "healthStatus": "{{health}}",
          "startedAt": "2024-05-02T10:14:03Z",
          "finishedAt": "{{finishedAt}}",
          "url": "https://argocd.example.com/applications/{{app}}"
        }
        """;
}
