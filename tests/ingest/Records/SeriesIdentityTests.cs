using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Records;

public sealed class SeriesIdentityTests
{
    [Fact]
    public void The_id_of_a_series_never_changes_between_builds()
    {
        // Ids are stored in DuckDB and in grain state: a change of hashing would orphan every stored series.
        var id = SeriesIdentity.Compute("probe_success", [new Label("env", "production"), new Label("service", "checkout-api")]);
        Assert.Equal(SeriesIdentity.Compute("probe_success", [new Label("env", "production"), new Label("service", "checkout-api")]), id);
        // The format: UTF-8 metric, then per label 0xFF name 0xFE value, hashed with XxHash64 (seed 0).
        var bytes = new List<byte>(System.Text.Encoding.UTF8.GetBytes("probe_success"));
        foreach (var (name, value) in new[] { ("env", "production"), ("service", "checkout-api") })
        {
            bytes.Add(0xFF);
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(name));
            bytes.Add(0xFE);
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(value));
        }
        Assert.Equal(System.IO.Hashing.XxHash64.HashToUInt64(bytes.ToArray()), id);
        Assert.Equal(940921350746242680UL, id);
    }

    [Fact]
    public void Moving_a_character_between_label_name_and_value_changes_the_id() =>
        Assert.NotEqual(
            SeriesIdentity.Compute("m", [new Label("ab", "c")]),
            SeriesIdentity.Compute("m", [new Label("a", "bc")]));

    [Fact]
    public void Long_label_values_hash_like_short_ones_do()
    {
        var longValue = new string('x', 5_000);
        Assert.Equal(
            SeriesIdentity.Compute("m", [new Label("v", longValue)]),
            SeriesIdentity.Compute("m", [new Label("v", string.Concat(longValue.AsSpan(0, 2_500), longValue.AsSpan(2_500)))]));
    }

    [Property(MaxTest = 300)]
    public Property Different_label_values_give_different_ids(NonEmptyString a, NonEmptyString b) =>
        (a.Get != b.Get).Implies(() =>
            SeriesIdentity.Compute("m", [new Label("k", a.Get)]) != SeriesIdentity.Compute("m", [new Label("k", b.Get)]));

    [Fact]
    public void Canonical_text_escapes_quotes_backslashes_and_newlines() =>
        Assert.Equal("m{a=\"x\\\"y\\\\z\\n\"}", SeriesIdentity.Canonical("m", [new Label("a", "x\"y\\z\n")]));
}
