namespace Platform.Insights.Ingest.Tests.Catalog.Fixtures;

/// <summary>
/// Catalog files in the shape Backstage's own examples use. Kept as strings rather than copied files
/// so each test shows the input it asserts on.
/// </summary>
internal static class CatalogFixtures
{
    public const string PaymentsTeam = """
        # Owned by the payments team; see https://backstage.io/docs/features/software-catalog/descriptor-format
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: payments
          description: Payments and checkout
        spec:
          type: team
          profile:
            displayName: Payments Team
            email: payments@example.com
          parent: group:default/commerce
          children: []
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata:
          name: checkout-system
          description: Everything between basket and receipt
        spec:
          owner: group:default/payments
          domain: commerce
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: checkout
          title: Checkout API
          description: Takes payment for a basket
          tags:
            - dotnet
            - payments
          annotations:
            github.com/project-slug: example/checkout
            backstage.io/techdocs-ref: dir:.
            insights.platform/slo: "99.9"
            insights.platform/cost-tags: "service=checkout,app=checkout-api"
            insights.platform/metric-service: checkout-api, checkout-worker
        spec:
          type: service
          lifecycle: production
          owner: group:default/payments
          system: checkout-system
          providesApis:
            - checkout-api
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: checkout-api
        spec:
          type: openapi
          lifecycle: production
          owner: payments
          definition: |
            openapi: "3.0.0"
        """;

    public const string SearchTeam = """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: search
        spec:
          type: team
          children: []
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: search-api
          annotations:
            insights.platform/slo: "99.5"
        spec:
          type: service
          lifecycle: production
          owner: search
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: search-indexer
        spec:
          type: service
          lifecycle: experimental
          owner: group:search
        """;

    /// <summary>A component whose spec.owner is given as <paramref name="owner"/>.</summary>
    public static string ComponentOwnedBy(string owner, string name = "checkout") => $"""
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: {name}
        spec:
          type: service
          lifecycle: production
          owner: {owner}
        """;

    /// <summary>A component with one annotation, the annotation on line 7.</summary>
    public static string ComponentWithAnnotation(string key, string quotedValue) => $"""
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: checkout
          annotations:
            github.com/project-slug: example/checkout
            {key}: {quotedValue}
        spec:
          type: service
          lifecycle: production
          owner: payments
        """;

    /// <summary>A GitHub Actions workflow: YAML, but not catalog data.</summary>
    public const string GitHubWorkflow = """
        name: ci
        on: [push]
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
        """;

    /// <summary>A Helm template: not even valid YAML until rendered.</summary>
    public const string HelmTemplate = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "checkout.fullname" . }}
        spec:
          {{- toYaml .Values.spec | nindent 2 }}
        """;

    /// <summary>1-based line of the first line of <paramref name="text"/> that contains <paramref name="marker"/>.</summary>
    public static long LineOf(string text, string marker)
    {
        var lines = text.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new ArgumentException($"'{marker}' not in fixture", nameof(marker));
    }
}
