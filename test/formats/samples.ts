// Inputs of the legacy reference's sample outputs (legacy-sdk-behaviour.md §1.7), as the v2 API returns them.
export const HOST = {
  id: 355999,
  type: 'Host',
  ownerName: 'Example Community',
  dateAdded: '2015-06-21T10:40:33-05:00',
  lastModified: '2015-06-22T11:00:00-05:00',
  rating: 3,
  confidence: 85,
  description: 'Known C2 | bad=1',
  webLink: 'https://app.threatconnect.com/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Community',
  hostName: 'bad.example.com',
  dnsActive: 'true',
  whoisActive: 'false',
};

export const FILE = {
  id: 777,
  type: 'File',
  ownerName: 'Example Community',
  dateAdded: '2015-06-21T10:40:33-05:00',
  lastModified: '2015-06-21T10:40:33-05:00',
  rating: null,
  confidence: 50,
  description: null,
  webLink: 'https://app.threatconnect.com/auth/indicators/details/file.xhtml?file=8743B52063CD84097A65D1633F5C74F5&owner=Example+Community',
  md5: '8743B52063CD84097A65D1633F5C74F5',
  sha256: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
};

export const HOST_CEF_LEGACY =
  'CEF:0|threatconnect|threatconnect|2|355999|Known C2 | bad=1|6.0|confidence="85" dateAdded="2015-06-21T10:40:33-05:00" dnsActive="true" hostName="bad.example.com" lastModified="2015-06-22T11:00:00-05:00" ownerName="Example Community" type="Host" weblink="https://app.threatconnect.com/auth/indicators/details/host.xhtml?host\\=bad.example.com&owner\\=Example+Community" whoisActive="false" ';

export const HOST_LEEF =
  'LEEF:0|threatconnect|threatconnect|2|355999|confidence="85" devTime="2015-06-21T10:40:33-05:00" description="Known C2 | bad=1" dnsActive="true" hostName="bad.example.com" id="355999" lastModified="2015-06-22T11:00:00-05:00" ownerName="Example Community" severity="3.0" type="Host" weblink="https://app.threatconnect.com/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Community" whoisActive="false" ';

export const HOST_KV =
  'confidence="85" dateAdded="2015-06-21T10:40:33-05:00" description="Known C2 | bad=1" dnsActive="true" hostName="bad.example.com" id="355999" lastModified="2015-06-22T11:00:00-05:00" ownerName="Example Community" rating="3.0" type="Host" weblink="https://app.threatconnect.com/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Community" whoisActive="false" ';

export const HOST_CSV =
  'confidence,dateAdded,description,id,indicator,lastModified,ownerName,rating,type,weblink\n' +
  '85,2015-06-21T10:40:33-05:00,Known C2 | bad=1,355999,bad.example.com,2015-06-22T11:00:00-05:00,Example Community,3.0,Host,https://app.threatconnect.com/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Community';

export const FILE_CEF =
  'CEF:0|threatconnect|threatconnect|2|777|null|0|confidence="50" dateAdded="2015-06-21T10:40:33-05:00" lastModified="2015-06-21T10:40:33-05:00" md5="8743B52063CD84097A65D1633F5C74F5" ownerName="Example Community" sha1="None" sha256="E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855" size="None" type="File" weblink="https://app.threatconnect.com/auth/indicators/details/file.xhtml?file\\=8743B52063CD84097A65D1633F5C74F5&owner\\=Example+Community" ';

const FILE_LINK = 'https://app.threatconnect.com/auth/indicators/details/file.xhtml?file=8743B52063CD84097A65D1633F5C74F5&owner=Example+Community';
export const FILE_CSV_ROWS =
  `50,2015-06-21T10:40:33-05:00,,777,8743B52063CD84097A65D1633F5C74F5,2015-06-21T10:40:33-05:00,Example Community,,File,${FILE_LINK}\r\n` +
  `50,2015-06-21T10:40:33-05:00,,777,E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855,2015-06-21T10:40:33-05:00,Example Community,,File,${FILE_LINK}`;

// Python 2 json.dumps(indent=4, sort_keys=True): every line but the last ends in ", "
export const HOST_JSON_LEGACY = `{
    "confidence": 85, 
    "dateAdded": "2015-06-21T10:40:33-05:00", 
    "description": "Known C2 | bad=1", 
    "dnsActive": "true", 
    "hostName": "bad.example.com", 
    "id": 355999, 
    "lastModified": "2015-06-22T11:00:00-05:00", 
    "ownerName": "Example Community", 
    "rating": 3.0, 
    "type": "Host", 
    "weblink": "https://app.threatconnect.com/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Community", 
    "whoisActive": "false"
}`;

export const ADVERSARY = {
  id: 42,
  name: 'Bad Guy',
  type: 'Adversary',
  ownerName: 'Example Organization',
  dateAdded: '2017-07-13T17:50:17Z',
  webLink: 'https://app.threatconnect.com/auth/adversary/adversary.xhtml?adversary=42',
};

export const EMAIL_GROUP = {
  id: 7,
  name: 'Phish, "urgent"',
  type: 'Email',
  owner: { name: 'Example Organization' },
  dateAdded: '2017-07-13T17:50:17Z',
  webLink: 'https://app.threatconnect.com/auth/email/email.xhtml?email=7',
  subject: 'Invoice',
  header: 'Received: from x\r\nTo: y',
  body: 'line 1\nline 2',
  from: 'a@example.com',
  to: 'b@example.com',
  score: 12,
};
