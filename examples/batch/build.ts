// The example of docs/batch.md, shown verbatim there and run by test/docs/examples.test.ts against the platform
// (the docs import from 'tcex'; here the sources).
import { Batch, TcClient, type BatchResult } from '../../src/index.js';

// #region build
export async function buildAndSubmit(apiPath: string, accessId: string, secretKey: string, fetchFileFor: (xid: string) => string): Promise<BatchResult> {
  const client = new TcClient({ apiPath, accessId, secretKey });
  const batch = new Batch({ client, owner: 'Example Organization', attributeWriteType: 'Append' });
  try {
    // Interface 1: typed builders; required fields are arguments, the rest are properties
    const adversary = batch.adversary('adversary-001', 'my-xid-000');
    adversary.attribute('Description', 'Example Description', true);
    adversary.tag('Example Tag');
    adversary.securityLabel('TLP:GREEN');

    const document = batch.document('document-001', 'example.txt');
    // a malware Document (`document.malware = true`, `document.password`) must be given a password-protected zip
    document.fileContent = (xid) => fetchFileFor(xid); // called lazily, once, at upload time
    const label = document.securityLabel('My Label');
    label.color = 'ffffff';
    label.description = 'Security label description.';

    const file = batch.file('43c3609411c83f363e051d455ade78a6', 5, 100);
    file.size = 1024;
    file.occurrence('drop1.exe', 'C:\\test\\', '2017-02-02 01:02:03');
    file.association(adversary); // indicator → group

    // Interface 2: generic builders with the batch API's own field names
    const event = batch.group('Event', 'event-001', 'my-xid-0001');
    event.addKeyValue('eventDate', 'yesterday');
    const host = batch.indicator('Host', 'www.badguys2.com', '5.0', '100');
    host.addKeyValue('dnsActive', true);

    // Interface 3: raw objects in the batch JSON shape (groups need an xid)
    batch.addGroup({ name: 'document-002', type: 'Document', xid: 'my-xid-002', fileName: 'test2.txt',
      fileContent: 'example content 2', associatedGroupXid: ['my-xid-0001'] });
    batch.addIndicator({ summary: 'HKEY_LOCAL_MACHINE\\system : TRUE : REG_DWORD', type: 'Registry Key',
      associatedGroups: [{ groupXid: 'my-xid-0001' }] });

    // top-level associations (group↔group, group↔indicator, indicator↔indicator with a type)
    batch.association(host, batch.url('http://www.badguys2.com/x'), 'URL Host');

    const result = await batch.submitAll();
    console.log(result.totals, result.errors);
    return result;
  } finally {
    batch.close(); // deletes the spool; also done at process exit if forgotten
    await client.close();
  }
}
// #endregion
