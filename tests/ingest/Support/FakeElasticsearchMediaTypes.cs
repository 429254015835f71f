using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// Elasticsearch's REST compatibility check on the media types (<c>RestCompatibleVersionHelper</c>): a versioned media
/// type (<c>application/vnd.elasticsearch+json; compatible-with=N</c>) must name the server's major or the one before,
/// and when a request has a body, <c>Accept</c> and <c>Content-Type</c> must ask the same version (or both none).
/// </summary>
public static partial class FakeElasticsearchMediaTypes
{
    /// <summary>The 400 body a server of major <paramref name="major"/> answers, or null when it accepts the headers.</summary>
    public static string? Problem(FakeElasticsearchRequest request, int major)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accept = CompatibleWith(request.Accept);
        var content = request.Body.Length > 0 ? CompatibleWith(request.ContentType) : null;
        foreach (var (header, value, version) in new[] { ("Accept", request.Accept, accept), ("Content-Type", request.ContentType, content) })
        {
            if (version is { } v && v != major && v != major - 1)
            {
                return Refusal(string.Create(CultureInfo.InvariantCulture,
                    $"{header} version must be either version {major} or {major - 1}, but found {v}. {header}={value}"));
            }
        }
        if (request.Body.Length > 0 && accept != content)
        {
            return Refusal("A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version "
                + $"and the compatible versions must match. Accept={request.Accept}, Content-Type={request.ContentType}");
        }
        return null;
    }

    /// <summary>The <c>compatible-with</c> version a media type asks for, or null for plain JSON.</summary>
    public static int? CompatibleWith(string? mediaType) =>
        mediaType is not null && Versioned().Match(mediaType) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string Refusal(string cause)
    {
        const string reason = "Invalid media-type value on headers [Accept, Content-Type]";
        var encoded = JsonEncodedText.Encode(cause).ToString();
        return $$$"""{"error":{"root_cause":[{"type":"media_type_header_exception","reason":"{{{reason}}}"}],"type":"media_type_header_exception","reason":"{{{reason}}}","caused_by":{"type":"status_exception","reason":"{{{encoded}}}"}},"status":400}""";
    }

    [GeneratedRegex(@"compatible-with\s*=\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex Versioned();
}
