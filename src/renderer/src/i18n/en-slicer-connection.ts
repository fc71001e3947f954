/**
 * Strings of Settings → Slicer connection (LinkDeck answering slicers as a PrusaLink printer).
 * vue-i18n syntax: {name} interpolates; a literal @ | { } would need {'@'}.
 */
export default {
  slicerConnection: {
    title: 'Slicer connection',
    lead: 'Send from PrusaSlicer, OrcaSlicer or SuperSlicer straight to LinkDeck, which passes the file on to your printers.',
    enable: 'Let slicers send files to LinkDeck',
    listening: 'Listening on {address}',
    off: 'Off: slicers cannot reach LinkDeck.',
    port: 'Port',
    portHelp: 'From 1024 to 65535. Change it here and in the slicer together.',
    lan: 'Also listen on the local network',
    lanWarning:
      'Then anyone on your network who has the API key or the Digest password can send files to your printers, and the key travels unencrypted, as PrusaLink’s own does. Turn this on only on a network you trust, for a slicer on another computer.',
    lanAddresses: 'From another computer: {addresses}',
    apiKey: 'API key',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Select the key and copy it with Ctrl+C.',
    regenerate: 'New key…',
    regenerateTitle: 'Make a new API key?',
    regenerateText:
      'Slicers set up with the current key are refused until you enter the new one in each of them.',
    regenerateConfirm: 'Make a new key',
    sessionOnly:
      'This system keeps no secrets safely, so the key and the Digest password last for this session: after LinkDeck restarts, enter the new key in the slicer.',
    digest: 'HTTP Digest (optional)',
    digestHelp: 'For a slicer set up with a user name and password instead of the key.',
    digestUser: 'User name',
    digestPassword: 'Password',
    digestPasswordSet: 'Set — type to replace',
    digestPasswordNone: 'Not set',
    clearPassword: 'Clear password',
    storageless: 'Files that name no storage',
    storagelessHelp: 'PrusaSlicer 2.5 and the OctoPrint host type do not offer a choice of storage.',
    askInLinkDeck: 'Ask in LinkDeck',
    conflict: 'When the printer has a file of that name',
    conflictHelp: 'Slicers always ask to overwrite; LinkDeck does what you choose here.',
    howTo: 'What to enter in the slicer',
    hostType: 'Host type',
    hostTypeValue: 'PrusaLink',
    address: 'Hostname, IP or URL',
    where: {
      prusaslicer:
        'Printer Settings → the physical printer (the cog next to the printer) → Add physical printer.',
      orcaslicer: 'Prepare → the connection icon next to the printer → Physical printer.',
      superslicer: 'Printer Settings → the physical printer icon → Add physical printer.',
    },
    storagesNote:
      'In the slicer’s send dialog, choose where the file goes: Ask in LinkDeck, a printer, or a group. PrusaSlicer 2.5 offers no choice; its files go where “Files that name no storage” says.',
    lastReceived: 'Last received',
    nothingYet: 'Nothing yet.',
    lastOk: '“{file}” for {target}, {when}: {message}',
    lastRefused: 'Refused {when}: {message}',
    open: 'Open',
  },
}
