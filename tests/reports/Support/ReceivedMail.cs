namespace Platform.Insights.Reports.Tests.Support;

/// <summary>A message <see cref="FakeSmtpServer"/> accepted: the envelope, the raw message, whether it came over TLS and who had logged in.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, byte[] Data, bool OverTls, string? User);
