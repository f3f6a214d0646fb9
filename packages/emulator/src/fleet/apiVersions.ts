// The api-version each fleet write uses: stable versions the real services accept.
// Sources: Azure/azure-rest-api-specs (the copies in ../shared/rest-api-specs name their folders: Microsoft.Insights
// stable/2024-03-11 and stable/2021-09-01, Microsoft.Monitor stable/2023-04-03); the others are stable folders of the
// same repository (containerservice stable/2024-09-01, hybridkubernetes stable/2024-01-01, network stable/2023-09-01,
// privatedns stable/2020-06-01, operationalinsights stable/2022-10-01).
export const apiVersions = {
  dataCollection: '2024-03-11',
  privateLinkScopes: '2021-09-01',
  monitorAccounts: '2023-04-03',
  logAnalyticsWorkspaces: '2022-10-01',
  managedClusters: '2024-09-01',
  connectedClusters: '2024-01-01',
  network: '2023-09-01',
  privateDns: '2020-06-01',
} as const;
