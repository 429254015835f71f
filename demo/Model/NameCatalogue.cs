namespace Platform.Insights.Demo.Model;

/// <summary>Realistic team and service names; <see cref="OrganisationBuilder"/> derives more when asked for more.</summary>
internal static class NameCatalogue
{
    /// <summary>Team name, its second system's suffix, and the stems of the services it typically owns.</summary>
    public static readonly (string Team, string SecondSystem, string[] Services)[] Teams =
    [
        ("payments", "ledger", ["payment-gateway", "ledger-worker", "refund-service", "payout-scheduler", "fraud-scorer", "invoice-api", "card-vault", "settlement-batch"]),
        ("identity", "access", ["auth-service", "token-issuer", "user-profile-api", "session-store", "mfa-verifier", "sso-bridge", "password-reset-worker", "consent-api"]),
        ("search", "indexing", ["search-api", "indexer-worker", "query-suggest", "ranking-service", "catalog-sync", "spellcheck-api", "synonym-service"]),
        ("checkout", "orders", ["checkout-api", "cart-service", "basket-worker", "promo-engine", "tax-calculator", "order-orchestrator", "shipping-quote-api"]),
        ("data-platform", "pipelines", ["event-ingest", "stream-processor", "warehouse-loader", "schema-registry", "cdc-connector", "dbt-runner", "lakehouse-compactor"]),
        ("mobile-backend", "edge", ["mobile-bff", "push-dispatcher", "app-config-api", "device-registry", "deep-link-resolver", "feature-flag-edge"]),
        ("notifications", "delivery", ["email-sender", "sms-gateway", "notification-router", "template-renderer", "webhook-dispatcher"]),
        ("fulfillment", "warehouse", ["warehouse-api", "picking-worker", "label-printer", "carrier-connector", "returns-service"]),
        ("growth", "experiments", ["referral-api", "experiment-service", "campaign-worker", "landing-renderer", "attribution-collector"]),
        ("risk", "compliance", ["risk-engine", "kyc-verifier", "sanctions-screener", "chargeback-worker", "limits-api"]),
        ("messaging", "realtime", ["chat-api", "presence-service", "message-store", "inbox-worker"]),
        ("storefront", "content", ["web-frontend", "product-page-api", "image-resizer", "cms-adapter", "sitemap-builder"]),
        ("pricing", "promotions", ["price-api", "discount-engine", "currency-converter", "price-sync-worker"]),
        ("logistics", "tracking", ["route-planner", "tracking-api", "eta-predictor", "depot-sync"]),
        ("billing", "invoicing", ["subscription-api", "invoice-renderer", "dunning-worker", "usage-meter"]),
        ("customer-support", "tooling", ["ticket-api", "chatbot-service", "agent-desk-bff", "csat-collector"]),
        ("marketplace", "sellers", ["seller-api", "listing-moderator", "payout-reconciler", "offer-matcher"]),
        ("recommendations", "ml", ["recs-api", "feature-store", "model-server", "candidate-generator"]),
        ("media", "processing", ["video-transcoder", "upload-api", "thumbnail-worker", "cdn-purger"]),
        ("inventory", "stock", ["stock-api", "reservation-worker", "replenishment-planner", "stock-sync"]),
        ("analytics", "reporting", ["metrics-api", "report-builder", "dashboard-bff", "export-worker"]),
        ("security", "detection", ["secrets-broker", "waf-rules-api", "vuln-scanner", "audit-log-api"]),
        ("developer-experience", "tooling", ["build-cache", "preview-env-controller", "docs-portal", "template-scaffolder"]),
        ("observability", "telemetry", ["trace-collector", "log-shipper", "alert-router", "status-page-api"]),
    ];

    /// <summary>Suffixes for teams beyond the list (payments-emea, …).</summary>
    public static readonly string[] TeamSuffixes = ["emea", "apac", "americas", "core", "labs", "edge"];

    /// <summary>Generic service shapes used once a team's own stems run out: &lt;team&gt;-api, &lt;team&gt;-worker, …</summary>
    public static readonly string[] GenericServices =
        ["api", "worker", "scheduler", "gateway", "sync", "consumer", "bff", "exporter", "admin-api", "reconciler"];

    /// <summary>Variants appended when a name is taken: checkout-api-v2, checkout-api-eu, …</summary>
    public static readonly string[] Variants = ["v2", "eu", "us", "batch", "internal", "edge", "replica", "next"];

    public static readonly string[] Languages = ["go", "java", "dotnet", "python", "kotlin", "typescript"];

    public static readonly string[] ErrorMessages =
    [
        "Upstream request to {0} timed out after 5000 ms",
        "Database connection pool exhausted (max=50)",
        "Unhandled exception while processing request",
        "Circuit breaker opened for {0}",
        "Failed to publish message to topic {0}.events",
        "Deadline exceeded calling {0}",
    ];

    public static readonly string[] ErrorTypes =
    [
        "TimeoutException", "PoolExhaustedException", "NullReferenceException",
        "CircuitBrokenException", "BrokerUnavailableException", "DeadlineExceededException",
    ];

    public static readonly string[] WarnMessages =
    [
        "Slow query took 2300 ms",
        "Retrying request to {0} (attempt 2/3)",
        "Cache hit ratio dropped below 60%",
        "Rate limited by {0}, backing off",
        "GC pause of 450 ms",
        "Response from {0} missing optional field",
    ];

    public static string DisplayName(string name)
    {
        var words = name.Split('-');
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = words[i] switch
            {
                "api" or "bff" or "ml" => words[i].ToUpperInvariant(),
                "emea" or "apac" => words[i].ToUpperInvariant(),
                _ => char.ToUpperInvariant(words[i][0]) + words[i][1..],
            };
        }
        return string.Join(' ', words);
    }
}
