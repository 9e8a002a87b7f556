namespace IngestionCluster.Runtime.State;

/// <summary>Lets the activation read every persistent state of a new grain before OnActivateAsync.</summary>
internal interface IStateLoader
{
    Task LoadAsync(CancellationToken cancellationToken);
}
