namespace Platform.Insights.Cleanup.Tests.Support;

/// <summary>Policy files the cleanup tests share (linked into the host tests, whose cluster runs use the same ladder).</summary>
public static class CleanupPolicies
{
    /// <summary>Idle VMs: notify, snapshot, verify and delete, an hour apart, enforced.</summary>
    public const string DeleteLadder = """
        policies:
          - name: idle-vms
            select:
              resourceTypes: [vm]
            ladder:
              - action: notify
              - action: snapshot
                grace: 1h
              - action: verify
                grace: 1h
              - action: delete
                grace: 1h
            enforce: true
        """;
}
