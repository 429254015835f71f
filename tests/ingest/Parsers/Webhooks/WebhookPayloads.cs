namespace Platform.Insights.Ingest.Tests.Parsers.Webhooks;

/// <summary>
/// Webhook bodies as the senders document them: GitHub's <c>deployment_status</c> example payload (the shape of GitHub's
/// webhook events documentation and its octokit/webhooks examples, trimmed of the long URL lists), and an Argo CD
/// notification rendered from the README's template.
/// </summary>
public static class WebhookPayloads
{
    public static string GitHubDeploymentStatus(string state = "success", long statusId = 2_784_301_239, string repository = "Codertocat/Hello-World") => $$"""
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
            "payload": {},
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
          "sender": { "login": "Codertocat", "id": 21031067, "type": "User", "site_admin": false }
        }
        """;

    public static string ArgoCd(string phase = "Succeeded", string sync = "Synced", string health = "Healthy", string app = "guestbook", string? environment = null) => $$"""
        {
          "app": "{{app}}",
          "project": "default",
          {{(environment is null ? "" : $"\"environment\": \"{environment}\",")}}
          "namespace": "guestbook-prod",
          "revision": "53e28ff20cc530b9ada2173fbbd64d48338583ba",
          "phase": "{{phase}}",
          "syncStatus": "{{sync}}",
          "healthStatus": "{{health}}",
          "startedAt": "2024-05-02T10:14:03Z",
          "finishedAt": "2024-05-02T10:14:41Z",
          "url": "https://argocd.example.com/applications/{{app}}"
        }
        """;
}
