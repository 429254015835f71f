namespace Platform.Insights.Demo.Model;

/// <summary>An outage over the window's minutes [<see cref="StartMinute"/>, <see cref="EndMinute"/>).</summary>
internal sealed record PlannedIncident(int ServiceIndex, int StartMinute, int EndMinute, string EventId, DemoIncident Info);
